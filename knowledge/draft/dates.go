package draft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// A time expression of English news prose, resolved against the article's
// publication date (and, for "the day before", the date of the sentence
// before). The patterns are general English: month and weekday names,
// their usual abbreviations, and the relative phrases of news writing.

const (
	monthRE   = `(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)`
	weekdayRE = `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
)

// dateExpr is one kind of time expression: its pattern and how it
// resolves. resolve gets the submatches and the context and returns the
// date (zero when it cannot be resolved) and the note.
type dateExpr struct {
	re      *regexp.Regexp
	resolve func(m []string, c dateContext) (knowledge.Date, string)
}

// dateContext is what a relative expression is resolved against.
type dateContext struct {
	// pub is the article's publication date, perhaps a range or only a
	// year or month; zero when not known.
	pub knowledge.Date
	// prev is the date of the last dated sentence before, for "the day
	// before"; zero when there is none.
	prev knowledge.Date
	// future is true when the sentence speaks of what is to come ("will",
	// "is scheduled for"): a bare weekday or month is then the next one.
	future bool
}

var dateExprs = []dateExpr{
	// "September 25, 2019", "Sept. 7, 2023"
	{regexp.MustCompile(`\b(` + monthRE + `) (\d{1,2})(?:st|nd|rd|th)?, (\d{4})\b`), func(m []string, _ dateContext) (knowledge.Date, string) {
		return ymd(atoi(m[3]), monthOf(m[1]), atoi(m[2])), ""
	}},
	// "25 September 2019"
	{regexp.MustCompile(`\b(\d{1,2}) (` + monthRE + `),? (\d{4})\b`), func(m []string, _ dateContext) (knowledge.Date, string) {
		return ymd(atoi(m[3]), monthOf(m[2]), atoi(m[1])), ""
	}},
	// "in August 2016", "since June this year"
	{regexp.MustCompile(`\b(since |from )?(` + monthRE + `),? (\d{4}|this year|last year)\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		y := 0
		switch m[3] {
		case "this year":
			y = c.pub.Start().Year
		case "last year":
			y = c.pub.Start().Year - 1
		default:
			y = atoi(m[3])
		}
		if y == 0 {
			return knowledge.Date{}, ""
		}
		d := knowledge.Date{Year: y, Month: monthOf(m[2])}
		note := ""
		if m[3] == "this year" || m[3] == "last year" {
			note = fmt.Sprintf("“%s %s” in the article, counted from its publication date %s", m[2], m[3], c.pub)
		}
		if m[1] != "" {
			d.OpenEnd = true
			note = strings.TrimSpace(note + fmt.Sprintf(" “%s” in the article: from then on", strings.TrimSpace(m[1])))
		}
		return valid(d), note
	}},
	// "on Sept. 7", "Oct. 25", "March 21": the year from the publication
	// date.
	{regexp.MustCompile(`\b(` + monthRE + `) (\d{1,2})(?:st|nd|rd|th)?\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		mon, day := monthOf(m[1]), atoi(m[2])
		y := yearOf(c, mon, day)
		if y == 0 {
			return knowledge.Date{}, ""
		}
		return ymd(y, mon, day), fmt.Sprintf("“%s” in the article, %s", m[0], yearNote(c))
	}},
	// "on 19 November", "7 Sept.": the British order, the year as above.
	{regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? (` + monthRE + `)(?:[^\w]|$)`), func(m []string, c dateContext) (knowledge.Date, string) {
		mon, day := monthOf(m[2]), atoi(m[1])
		y := yearOf(c, mon, day)
		if y == 0 {
			return knowledge.Date{}, ""
		}
		return ymd(y, mon, day), fmt.Sprintf("“%s” in the article, %s", strings.TrimRight(m[0], " .,;:)"), yearNote(c))
	}},
	// "the day before", "the next day": from the date of the sentence
	// before.
	{regexp.MustCompile(`(?i)\b(the day before|the previous day|the day after|the next day|the following day|a day later|the next year|the following year|the year before|the previous year)\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		p := c.prev
		if p.IsZero() || p.IsRange() {
			return knowledge.Date{}, ""
		}
		phrase := strings.ToLower(m[1])
		var d knowledge.Date
		switch {
		case strings.HasSuffix(phrase, "year") || strings.HasSuffix(phrase, "year before"):
			d = knowledge.Date{Year: p.Year + 1}
			if strings.Contains(phrase, "before") || strings.Contains(phrase, "previous") {
				d.Year = p.Year - 1
			}
		case p.Day == 0:
			return knowledge.Date{}, ""
		default:
			shift := 1
			if strings.Contains(phrase, "before") || strings.Contains(phrase, "previous") {
				shift = -1
			}
			d = fromTime(time.Date(p.Year, time.Month(p.Month), p.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, shift), 3)
		}
		return d, fmt.Sprintf("“%s” in the article, counted from %s, the date of the sentence before", m[1], p)
	}},
	// "that day", "in the morning": the day of the sentence before;
	// "earlier in the day": that day when it is the news of the days
	// before publication, else the publication day.
	{regexp.MustCompile(`(?i)\b(earlier in the day|later in the day|that same day|the same day|that day|in the morning|in the afternoon|in the evening|that morning|that afternoon|that evening)\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		if p := c.prev; p.Day != 0 && !p.IsRange() && (!strings.HasSuffix(strings.ToLower(m[1]), "in the day") || recent(p, c.pub)) {
			return p, fmt.Sprintf("“%s” in the article: %s, the date of the sentence before", m[1], p)
		}
		if p := c.pub; p.Day != 0 && !p.IsRange() {
			return p, fmt.Sprintf("“%s” in the article: its publication date %s", m[1], p)
		}
		return knowledge.Date{}, ""
	}},
	// "Tuesday", "early Thursday", "on Friday": the one on or before the
	// publication date, or on or after it for what is to come; "last
	// Tuesday" the one before it, "next Tuesday" the one after.
	{regexp.MustCompile(`\b(?:(?i:(last|next)) )?(` + weekdayRE + `)\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		which := strings.ToLower(m[1])
		future := c.future && which != "last" || which == "next"
		side := "on or before"
		switch {
		case which == "last":
			side = "before"
		case which == "next":
			side = "after"
		case future:
			side = "on or after"
		}
		want := weekday(m[2])
		on := func(day knowledge.Date) knowledge.Date {
			t, _ := pubDay(day)
			var back int
			if future {
				back = -((int(want) - int(t.Weekday()) + 7) % 7)
			} else {
				back = (int(t.Weekday()) - int(want) + 7) % 7
			}
			if back == 0 && which != "" {
				// "last Tuesday" in an article of a Tuesday is a
				// week before it.
				back = 7
				if future {
					back = -7
				}
			}
			return fromTime(t.AddDate(0, 0, -back), 3)
		}
		d, exact := overPub(c.pub, on)
		note := fmt.Sprintf("“%s” in the article: the %s %s its publication date %s", m[0], m[2], side, c.pub)
		switch {
		case d.IsZero():
		case exact && d.IsRange():
			// A publication range of a few days leaves the weekday
			// one of two days a week apart: the range is from the
			// first to the last, and the note names them.
			note += ", which is " + strings.Join(weekly(d), " or ")
		case !exact:
			// A wider range: dated as the publication date, as the
			// reviewers date it, and the note gives the days the
			// weekday may be, which reach a little outside it.
			first, last, _ := pubEnds(c.pub)
			return d, fmt.Sprintf("“%s” in the article, whose publication date is known only as %s: the %s %s it, from %s to %s; dated as the publication date; write the day if another source gives it",
				m[0], c.pub, m[2], side, on(fromTime(first, 3)), on(fromTime(last, 3)))
		}
		return d, pubNote(note, m[0], c.pub, exact)
	}},
	// "two days ago", "a week ago", "three months ago": counted back
	// from the publication date.
	{regexp.MustCompile(`(?i)\b(` + countRE + `) (day|week|month|year)s? ago\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		n, unit := count(m[1]), strings.ToLower(m[2])
		d, exact := overPub(c.pub, func(day knowledge.Date) knowledge.Date {
			t, _ := pubDay(day)
			return shifted(t, unit, -n)
		})
		return d, pubNote(fmt.Sprintf("“%s” in the article, counted back from its publication date %s", m[0], c.pub), m[0], c.pub, exact)
	}},
	// "two days later", "a week earlier": counted from the date of the
	// sentence before ("three days after the vote" counts from the vote,
	// which need not be that date).
	{regexp.MustCompile(`(?i)\b(` + countRE + `) (day|week|month|year)s? (later|earlier)\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		p := c.prev
		if p.IsZero() || p.IsRange() {
			return knowledge.Date{}, ""
		}
		n, unit := count(m[1]), strings.ToLower(m[2])
		if strings.EqualFold(m[3], "earlier") {
			n = -n
		}
		if p.Day == 0 && (unit == "day" || unit == "week") || p.Month == 0 && unit == "month" {
			return knowledge.Date{}, ""
		}
		d := shifted(time.Date(p.Year, time.Month(max(p.Month, 1)), max(p.Day, 1), 0, 0, 0, 0, time.UTC), unit, n)
		return d, fmt.Sprintf("“%s” in the article, counted from %s, the date of the sentence before", m[0], p)
	}},
	// "last weekend", "over the weekend": the Saturday and Sunday on or
	// before the publication date; "last weekend" in an article of a
	// Saturday or Sunday is the one before.
	{regexp.MustCompile(`(?i)\b(last|this|over the|at the|on the) weekend\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		last := strings.EqualFold(m[1], "last")
		d, exact := overPub(c.pub, func(day knowledge.Date) knowledge.Date {
			t, _ := pubDay(day)
			sat := t.AddDate(0, 0, -((int(t.Weekday()) + 1) % 7))
			weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
			if last && weekend {
				sat = sat.AddDate(0, 0, -7)
			}
			start, end := fromTime(sat, 3), fromTime(sat.AddDate(0, 0, 1), 3)
			if t.Weekday() == time.Saturday && !last {
				// Published on the Saturday: the weekend so far.
				return valid(start)
			}
			start.End = &end
			return valid(start)
		})
		note := "the weekend on or before its publication date"
		if last {
			note = "the weekend before its publication date"
		}
		return d, pubNote(fmt.Sprintf("“%s” in the article: %s %s", m[0], note, c.pub), m[0], c.pub, exact)
	}},
	// "yesterday", "today", "last week", "this month", "last year" …
	{regexp.MustCompile(`(?i)\b(yesterday|today|tonight|(?:earlier |later )?(?:last|this|next) (?:week|month|year)|earlier this (?:week|month|year))\b`), func(m []string, c dateContext) (knowledge.Date, string) {
		phrase := strings.ToLower(m[1])
		d, exact := overPub(c.pub, func(day knowledge.Date) knowledge.Date { return relative(phrase, day) })
		return d, pubNote(fmt.Sprintf("“%s” in the article, counted from its publication date %s", m[1], c.pub), m[1], c.pub, exact)
	}},
	// "in February", "on Nov.", "in September": the month from the
	// publication date.
	{regexp.MustCompile(`\b(?:in|on|since|during|until|by|from|of|early|late|mid-)\s?(` + monthRE + `)(?:\s|[.,;]|$)`), func(m []string, c dateContext) (knowledge.Date, string) {
		mon := monthOf(m[1])
		y := yearOf(c, mon, 1)
		if y == 0 {
			return knowledge.Date{}, ""
		}
		d := knowledge.Date{Year: y, Month: mon}
		note := fmt.Sprintf("“%s” in the article, %s", strings.TrimRight(m[0], " .,;"), yearNote(c))
		if strings.HasPrefix(m[0], "since") {
			d.OpenEnd = true
		}
		return valid(d), note
	}},
	// "in 2014", "as of 2016", "since 2019"
	{regexp.MustCompile(`\b(in|of|since|during|until|by) ((?:19|20)\d{2})\b`), func(m []string, _ dateContext) (knowledge.Date, string) {
		d := knowledge.Date{Year: atoi(m[2])}
		if m[1] == "since" {
			d.OpenEnd = true
			return d, "“since " + m[2] + "” in the article: from then on"
		}
		return d, ""
	}},
}

// countRE is a small count, in figures or words.
const countRE = `\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve`

// countWords are the numbers countRE spells in words.
var countWords = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

// count is the number countRE matched.
func count(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return countWords[strings.ToLower(s)]
}

// shifted is day t moved by n units: a day for days and weeks, the
// month or the year for months and years.
func shifted(t time.Time, unit string, n int) knowledge.Date {
	switch unit {
	case "day":
		return valid(fromTime(t.AddDate(0, 0, n), 3))
	case "week":
		return valid(fromTime(t.AddDate(0, 0, 7*n), 3))
	case "month":
		return valid(fromTime(time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC), 2))
	}
	return valid(knowledge.Date{Year: t.Year() + n})
}

// futureWords mark a sentence about what is to come.
var futureWords = regexp.MustCompile(`(?i)\b(will|shall|scheduled|is to|are to|due|upcoming|next|expected to)\b`)

// notFuture are phrases with a word of futureWords that say nothing of
// what is to come: a cause ("due to the storm") and a place ("next to
// the market").
var notFuture = regexp.MustCompile(`\b(?i:due to|next to)\s+(?:(?i:the|a|an|his|her|its|their|this|that|these|those)\b|\p{Lu})`)

// toCome reports whether s speaks of what is to come.
func toCome(s string) bool {
	return futureWords.MatchString(notFuture.ReplaceAllString(s, ""))
}

// futureReach is how far before a time expression a word of futureWords
// is read as its verb's: "is scheduled for Feb. 14", not "a plan to …".
const futureReach = 40

// findDate finds the first time expression of sentence that resolves,
// and returns the date, the note on how it was worked out, and where the
// expression is in sentence. An expression printed in full needs no note.
func findDate(sentence string, c dateContext) (knowledge.Date, string, [2]int) {
	best, bestNote, at := knowledge.Date{}, "", [2]int{-1, -1}
	// The kinds go from the most to the least specific: a span taken by
	// one ("in August 2016") is not read again by another ("in August").
	var taken [][2]int
	for _, x := range dateExprs {
		for _, loc := range x.re.FindAllStringSubmatchIndex(sentence, -1) {
			if overlapsAny(loc[0], loc[1], taken) {
				continue
			}
			m := make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = sentence[loc[2*i]:loc[2*i+1]]
				}
			}
			before := sentence[max(0, loc[0]-futureReach):loc[0]]
			c.future = toCome(before)
			d, note := x.resolve(m, c)
			if d.IsZero() {
				continue
			}
			taken = append(taken, [2]int{loc[0], loc[1]})
			if strings.HasSuffix(before, "until ") {
				// "until last week" ends a state: not when it happened.
				continue
			}
			// The earliest expression, but one that opens a range ("held
			// since 2016") gives way to one that dates a happening
			// ("released Tuesday"), and one the publication range leaves
			// undated ("Tuesday" in an article of some month) to one the
			// article dates itself ("Tuesday, Nov. 19").
			vague, bestVague := c.pub.IsRange() && d.String() == c.pub.String(), c.pub.IsRange() && best.String() == c.pub.String()
			if at[0] < 0 || bestVague && !vague || best.OpenEnd && !d.OpenEnd && vague == bestVague || loc[0] < at[0] && d.OpenEnd == best.OpenEnd && vague == bestVague {
				best, bestNote, at = d, note, [2]int{loc[0], loc[1]}
			}
		}
	}
	return best, bestNote, at
}

func overlapsAny(start, end int, spans [][2]int) bool {
	for _, s := range spans {
		if start < s[1] && s[0] < end {
			return true
		}
	}
	return false
}

// recentDays is how many days before publication the news of an article
// runs: "earlier in the day" then means the day the sentence before
// dates, not the publication day.
const recentDays = 3

// recent reports whether day d falls within recentDays days before the
// publication date's start.
func recent(d, pub knowledge.Date) bool {
	day, ok := pubDay(pub)
	if !ok || d.Day == 0 {
		return false
	}
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return !t.After(day) && day.Sub(t) <= recentDays*24*time.Hour
}

// relative resolves "yesterday", "last week" and the like against the
// publication date.
func relative(phrase string, pub knowledge.Date) knowledge.Date {
	p := pub.Start()
	if p.Year == 0 {
		return knowledge.Date{}
	}
	unit := phrase[strings.LastIndexByte(phrase, ' ')+1:]
	switch phrase {
	case "yesterday", "today", "tonight":
		t, ok := pubDay(pub)
		if !ok {
			return knowledge.Date{}
		}
		if phrase == "yesterday" {
			t = t.AddDate(0, 0, -1)
		}
		return fromTime(t, 3)
	}
	shift := 0
	switch {
	case strings.Contains(phrase, "last"):
		shift = -1
	case strings.Contains(phrase, "next"):
		shift = 1
	}
	switch unit {
	case "year":
		return knowledge.Date{Year: p.Year + shift}
	case "month":
		if p.Month == 0 {
			return knowledge.Date{}
		}
		return fromTime(time.Date(p.Year, time.Month(p.Month)+time.Month(shift), 1, 0, 0, 0, 0, time.UTC), 2)
	case "week":
		t, ok := pubDay(pub)
		if !ok {
			return knowledge.Date{}
		}
		// Weeks start on Monday, as ISO 8601 counts them.
		monday := t.AddDate(0, 0, -((int(t.Weekday())+6)%7)+7*shift)
		start, end := fromTime(monday, 3), fromTime(monday.AddDate(0, 0, 6), 3)
		if shift == 0 {
			end = fromTime(t, 3)
		}
		start.End = &end
		return start
	}
	return knowledge.Date{}
}

// maxSpanDays is how wide a range a relative day ("Tuesday") may resolve
// to, when the publication date is a range, before it says too little
// and the publication date itself is given instead.
const maxSpanDays = 7

// overPub resolves a relative expression against each end of the
// publication date (a day, a month, a year or a range of them), and
// returns the one date they agree on, or the range between them. A range
// wider than maxSpanDays days gives the publication date itself, and
// exact false: the article's words then date the event no closer.
func overPub(pub knowledge.Date, f func(day knowledge.Date) knowledge.Date) (knowledge.Date, bool) {
	first, last, ok := pubEnds(pub)
	if !ok {
		return knowledge.Date{}, false
	}
	a, b := f(fromTime(first, 3)), f(fromTime(last, 3))
	if a.IsZero() || b.IsZero() {
		return knowledge.Date{}, false
	}
	if a.String() == b.String() {
		return a, true
	}
	if a.Day != 0 && last.Sub(first) > maxSpanDays*24*time.Hour {
		return pub, false
	}
	r, end := a.Start(), b.Finish()
	r.End = &end
	return valid(r), true
}

// narrowed is the publication date, a range (a year, a month, or
// wider), starting no earlier than the latest date the article gives for
// what has happened: an article of 2019 that reports an arrest "in April"
// was published in April or after. A weekday the range leaves undated is
// then dated as that narrower range, as a reviewer would. The note says
// so; it is "" when nothing narrows the date.
func narrowed(text string, pub knowledge.Date) (knowledge.Date, string) {
	first, last, ok := pubEnds(pub)
	if !ok || first.Equal(last) || pub.Finish().IsZero() {
		return pub, ""
	}
	from, words := first, ""
	for _, s := range articleSentences(text) {
		raw := text[s.start:s.end]
		if toCome(raw) {
			continue
		}
		d, _, at := findDate(raw, dateContext{pub: pub})
		if d.IsZero() || d.IsRange() || d.String() == pub.String() {
			continue
		}
		start, end, ok := pubEnds(d)
		if ok && start.After(from) && !end.After(last) {
			from, words = start, raw[at[0]:at[1]]
		}
	}
	if words == "" {
		return pub, ""
	}
	parts := 3
	if from.Day() == 1 {
		parts = 2
	}
	// Both ends written alike: 2019-04/2019-12, not 2019-04/2019.
	n, end := fromTime(from, parts), fromTime(last, parts)
	n.End = &end
	return n, fmt.Sprintf("the publication date %s taken as %s, since the article reports “%s” as past", pub, n, strings.TrimSpace(words))
}

// pubEnds is the first and last day the publication date allows; an
// open end is taken as the start ("2023-09-20/..": on the 20th).
func pubEnds(pub knowledge.Date) (time.Time, time.Time, bool) {
	s, e := pub.Start(), pub.Finish()
	if s.Year == 0 {
		return time.Time{}, time.Time{}, false
	}
	if e.Year == 0 {
		e = s
	}
	first := time.Date(s.Year, time.Month(max(s.Month, 1)), max(s.Day, 1), 0, 0, 0, 0, time.UTC)
	var last time.Time
	switch {
	case e.Month == 0:
		last = time.Date(e.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	case e.Day == 0:
		last = time.Date(e.Year, time.Month(e.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	default:
		last = time.Date(e.Year, time.Month(e.Month), e.Day, 0, 0, 0, 0, time.UTC)
	}
	return first, last, true
}

// weekly is every day of range r a whole number of weeks after its
// start: the days a weekday resolved against each end of a publication
// range may be.
func weekly(r knowledge.Date) []string {
	first, last, _ := pubEnds(r)
	var days []string
	for t := first; !t.After(last); t = t.AddDate(0, 0, 7) {
		days = append(days, fromTime(t, 3).String())
	}
	return days
}

// pubNote is the note for a date worked out by overPub.
func pubNote(note, words string, pub knowledge.Date, exact bool) string {
	if exact {
		return note
	}
	return fmt.Sprintf("“%s” in the article, whose publication date is known only as %s: the date is that; write the day if another source gives it", words, pub)
}

// pubDay is the publication day, when the date gives one: the start of a
// range that starts on a known day.
func pubDay(pub knowledge.Date) (time.Time, bool) {
	p := pub.Start()
	if p.Day == 0 {
		return time.Time{}, false
	}
	return time.Date(p.Year, time.Month(p.Month), p.Day, 0, 0, 0, 0, time.UTC), true
}

// yearOf gives a month (and day) without a year the year that puts it
// nearest the publication date (or inside it, when that is a range):
// news speaks of the weeks around its day, so "May 9" in an article of
// 4 May is five days ahead, not eleven months behind. For what is to
// come, it is the first on or after the publication date.
func yearOf(c dateContext, mon, day int) int {
	p := c.pub.Start()
	if p.Year == 0 {
		return 0
	}
	if p.Month == 0 {
		return p.Year
	}
	if c.future {
		if mon < p.Month || mon == p.Month && p.Day != 0 && day < p.Day {
			return p.Year + 1
		}
		return p.Year
	}
	first, last, _ := pubEnds(c.pub)
	best, bestOff := 0, time.Duration(0)
	for y := first.Year() - 1; y <= last.Year()+1; y++ {
		t := time.Date(y, time.Month(mon), max(day, 1), 0, 0, 0, 0, time.UTC)
		var off time.Duration
		switch {
		case t.Before(first):
			off = first.Sub(t)
		case t.After(last):
			// A date after publication is less likely than one
			// before it by as much: news reports what has happened.
			off = 2 * t.Sub(last)
		}
		if best == 0 || off < bestOff {
			best, bestOff = y, off
		}
	}
	return best
}

func yearNote(c dateContext) string {
	if c.future {
		return fmt.Sprintf("the year taken as the first after its publication date %s", c.pub)
	}
	return fmt.Sprintf("the year taken from its publication date %s", c.pub)
}

func ymd(y, m, d int) knowledge.Date { return valid(knowledge.Date{Year: y, Month: m, Day: d}) }

// valid returns d, or the zero date when it is no date ("February 30").
func valid(d knowledge.Date) knowledge.Date {
	if _, err := knowledge.ParseDate(d.String()); err != nil {
		return knowledge.Date{}
	}
	return d
}

// fromTime is t as a date of precision parts (1 year, 2 month, 3 day).
func fromTime(t time.Time, parts int) knowledge.Date {
	d := knowledge.Date{Year: t.Year()}
	if parts > 1 {
		d.Month = int(t.Month())
	}
	if parts > 2 {
		d.Day = t.Day()
	}
	return d
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func monthOf(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:min(3, len(s))]) {
			return int(m)
		}
	}
	return 0
}

func weekday(s string) time.Weekday {
	for w := time.Sunday; w <= time.Saturday; w++ {
		if w.String() == s {
			return w
		}
	}
	return time.Sunday
}

// datelineRE is a news agency's dateline at the head of an article:
// "CITY, Nov 17 (Agency) -", "CITY, 17 November 2019 (Agency) —": a
// place in capitals, the day, and the agency in brackets before a dash.
var datelineRE = regexp.MustCompile(`^\s*(?:[A-Z][A-Z.'’ -]*[A-Z.](?:, [A-Z][A-Za-z.'’ -]*[A-Za-z.])?, )?(?:(` + monthRE + `) (\d{1,2})|(\d{1,2}) (` + monthRE + `))(?:,? (\d{4}))? \([A-Z][^()\n]{0,40}\) ?[-–—]`)

// Dateline is the day an article's dateline gives, when it falls inside
// the publication date pub (a range, a month or a year, as the editor
// knows it): agencies date their copy by the day they file it, so the
// dateline pins the publication day. words is the dateline as printed.
// A dateline without a year is read in the one year of pub that holds
// it; with an open end ("2023-09-20/..") only a dateline that prints
// its year is read. ok is false when there is no such dateline, or pub
// is a day already or not known.
func Dateline(text string, pub knowledge.Date) (day knowledge.Date, words string, ok bool) {
	if pub.IsZero() || pub.Day != 0 && !pub.IsRange() {
		return knowledge.Date{}, "", false
	}
	m := datelineRE.FindStringSubmatch(text[headerEnd(text):])
	if m == nil {
		return knowledge.Date{}, "", false
	}
	mon, d := monthOf(m[1]), atoi(m[2])
	if m[1] == "" {
		mon, d = monthOf(m[4]), atoi(m[3])
	}
	// The bounds pub sets; an open end sets none, and then only a
	// dateline that prints its year is read.
	var first, last time.Time
	switch {
	case pub.OpenStart:
		_, last, _ = pubEnds(pub.Finish())
	case pub.OpenEnd:
		first, _, _ = pubEnds(pub.Start())
	default:
		first, last, _ = pubEnds(pub)
	}
	var years []int
	switch {
	case m[5] != "":
		years = []int{atoi(m[5])}
	case pub.OpenStart || pub.OpenEnd:
		return knowledge.Date{}, "", false
	default:
		for y := first.Year(); y <= last.Year(); y++ {
			years = append(years, y)
		}
	}
	var found []knowledge.Date
	for _, y := range years {
		t := time.Date(y, time.Month(mon), d, 0, 0, 0, 0, time.UTC)
		if t.Day() == d && (first.IsZero() || !t.Before(first)) && (last.IsZero() || !t.After(last)) {
			found = append(found, fromTime(t, 3))
		}
	}
	if len(found) != 1 {
		return knowledge.Date{}, "", false
	}
	return found[0], strings.TrimRight(strings.TrimSpace(m[0]), " -–—"), true
}

// datelineEnd is where the dateline of an article ends, 0 when it has
// none.
func datelineEnd(text string) int {
	h := headerEnd(text)
	if loc := datelineRE.FindStringIndex(text[h:]); loc != nil {
		return h + loc[1]
	}
	return 0
}

// stripDateline is s without the dateline it may open with: a title, a
// summary or a statement says what happened, not where the copy was
// filed.
func stripDateline(s string) string {
	if loc := datelineRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		return strings.TrimSpace(s[loc[1]:])
	}
	return s
}
