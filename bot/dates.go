package bot

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	dps "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-dateparser/date"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// dateParser reads only absolute dates ("17 November 2024", "Nov. 17",
// "17.11.2024", "3 мая 2023"): never a number as a Unix time ("/timeline
// 120" is words) nor a date relative to today ("two days ago"), which
// says nothing about an incident's timeline.
var dateParser = &dps.Parser{ParserTypes: []dps.ParserType{dps.AbsoluteTime}}

// maxDateRunes bounds what readDate reads: a date is a few words ("the
// 17th of November 2024" is 23 characters), and the parser's time grows
// with its input (a second for 7,000 characters), so a long filter is
// words.
const maxDateRunes = 40

// readDays are two days that differ in year, month and day of the month,
// against which readDate reads a date twice. Both years are leap years:
// in any other, the parser reads "29 February" in a leap year of its
// choosing, the same for both, as if the year were written.
var readDays = [2]time.Time{
	time.Date(2004, time.June, 15, 12, 0, 0, 0, time.UTC),
	time.Date(2008, time.March, 10, 12, 0, 0, 0, time.UTC),
}

// readDate reads a day, a month or a year as people write it, in the
// languages the bot answers in, through go-dateparser (a port of
// Python's dateparser). Its reading must not depend on today's date: the
// text is read as if on two different days, and where the month or day
// differs between them (a weekday, "today") it is not a date of a
// timeline; where only the year differs, it was written without one
// (yearless). Numbers are read in the order of the asker's language
// (locale): 04.05.2023 is 4 May in Russian and Ukrainian, 5 April in
// English.
func readDate(s, locale string) (d knowledge.Date, yearless, ok bool) {
	if utf8.RuneCountInString(s) > maxDateRunes {
		return knowledge.Date{}, false, false
	}
	cfg := dps.Configuration{Languages: []string{"en", "ru", "uk"}}
	if locale != i18n.LocaleEN {
		cfg.DateOrder = dps.DMY
	}
	var read [2]date.Date
	for i, now := range readDays {
		var err error
		cfg.CurrentTime = now
		read[i], err = dateParser.Parse(&cfg, s)
		if err != nil || read[i].IsZero() {
			return knowledge.Date{}, false, false
		}
	}
	a, b := read[0].Time, read[1].Time
	switch read[0].Period {
	case date.Day:
		d = knowledge.Date{Year: a.Year(), Month: int(a.Month()), Day: a.Day()}
		ok = a.Month() == b.Month() && a.Day() == b.Day() && read[1].Period == date.Day
	case date.Month:
		d = knowledge.Date{Year: a.Year(), Month: int(a.Month())}
		ok = a.Month() == b.Month() && read[1].Period == date.Month
	case date.Year:
		d = knowledge.Date{Year: a.Year()}
		ok = a.Year() == b.Year() && read[1].Period == date.Year
	}
	if ok && d.Month != 0 && !namesMonth(s) {
		// go-dateparser reads a number alone as a month in English ("3"
		// and "3rd" are March) and two as a day and a month ("3 4").
		return knowledge.Date{}, false, false
	}
	return d, ok && a.Year() != b.Year(), ok
}

// namesMonth reports whether a text names a month: by a word
// (monthLike), or as a number joined to another the way dates are
// written (16.11, 11/16, 2024-11).
func namesMonth(s string) bool {
	return slices.ContainsFunc(strings.Fields(s), monthLike) || joinedNumbers.MatchString(s)
}

var joinedNumbers = regexp.MustCompile(`\d[./-]\d`)

// askedDate finds the day, or the month of a year, that a question asks
// about ("what happened on 16 November", "what did she say on Nov. 15,
// 2024?", "что случилось 17 ноября"), and returns the question without
// it and the dates it stands for (yearsOf). A year alone is not such a
// date ("the 2022 invasion" names an event), nor a month without its
// year ("may" is more often a verb). ok is false when the question names
// none.
func (r answerer) askedDate(question string) (rest string, dates []knowledge.Date, ok bool) {
	words := strings.Fields(question)
	// Numbers are read in the order of the question's language when it
	// shows one ("что случилось 04.05.2023" asked from an English client
	// is 4 May), else of the asker's.
	loc := r.loc
	if strings.ContainsFunc(question, func(c rune) bool { return unicode.Is(unicode.Cyrillic, c) }) {
		loc = i18n.LocaleRU
	}
	if rest, span, ok := r.betweenDays(words, loc); ok {
		return rest, []knowledge.Date{span}, true
	}
	reads := 0
	for i, w := range words {
		if !strings.ContainsFunc(w, unicode.IsDigit) {
			continue
		}
		written := numericDate.MatchString(w)
		// The longest run of words around the number that reads as a
		// date: a day and a month, perhaps a year, a few words at most.
		for size := 5; size >= 1; size-- {
			for a := max(0, i-size+1); a <= i && a+size <= len(words); a++ {
				span := words[a : a+size]
				if !written && !slices.ContainsFunc(span, monthLike) {
					continue
				}
				if reads++; reads > maxDateReads {
					return question, nil, false
				}
				d, yearless, read := readDate(strings.TrimRight(strings.Join(span, " "), "?!.,;:"), loc)
				if !read || d.Day == 0 && (d.Month == 0 || yearless) {
					continue
				}
				// What /ask answers from is dated by its events and
				// when its quotes were said.
				days := yearsOf(d, yearless, r.dated(true))
				if slices.ContainsFunc(words[max(0, a-1):a+size], aroundDay) {
					// "before 16 November" asks of other days than
					// that one: of the span it bounds, when it is one
					// ("before", "after", "since" the day of one year),
					// else the question is asked as it is.
					side, from := boundWords[strings.ToLower(span[0])], a
					if side == "" && a > 0 {
						// The word before the date, which the date as
						// read did not take in.
						side, from = boundWords[strings.ToLower(words[a-1])], a-1
					}
					if side == "" || len(days) != 1 || slices.ContainsFunc(words[from+1:a+size], aroundDay) {
						return question, nil, false
					}
					size += a - from
					a = from
					days = []knowledge.Date{bounded(days[0], side)}
				}
				rest := strings.Join(append(slices.Clone(words[:a]), words[a+size:]...), " ")
				return rest, days, true
			}
		}
	}
	return question, nil, false
}

// aroundDay reports whether a word puts a date as the bound of a span
// of time ("before", "after", "since", "between 4 and 5 March"), in a
// language the bot answers in.
func aroundDay(word string) bool {
	return aroundWords[strings.ToLower(strings.Trim(word, "?!.,;:()«»“”\"'"))]
}

// aroundWords are boundWords and betweenWords, and the other words that
// make a date one end of a span ("from … to", "4 and 5 March", "prior
// to", "по", "накануне").
var aroundWords = func() map[string]bool {
	words := map[string]bool{
		"and": true, "from": true, "to": true, "through": true, "than": true, "prior": true,
		"по": true, "к": true, "накануне": true, "напередодні": true,
	}
	maps.Copy(words, betweenWords)
	for w := range boundWords {
		words[w] = true
	}
	return words
}()

// betweenDays finds the span between two days a question asks about
// ("between 4 and 5 March", "between 15 November and 17 November 2024",
// "между 4 и 5 марта"): the words after "between" up to "and" are a day,
// or a day of the month the second names; the second is a day. It
// returns the question without them, and the span, when the second
// day's year is clear (one year of the base has it) and the first comes
// before it.
func (r answerer) betweenDays(words []string, loc string) (rest string, span knowledge.Date, ok bool) {
	for i, w := range words {
		if !betweenWords[strings.ToLower(w)] {
			continue
		}
		for j := i + 2; j <= i+4 && j < len(words); j++ {
			if !andWords[strings.ToLower(words[j])] {
				continue
			}
			for k := min(4, len(words)-j-1); k >= 1; k-- {
				second, yearless, read := readDate(strings.TrimRight(strings.Join(words[j+1:j+1+k], " "), "?!.,;:"), loc)
				if !read || second.Day == 0 {
					continue
				}
				years := yearsOf(second, yearless, r.dated(true))
				if len(years) != 1 {
					return "", knowledge.Date{}, false
				}
				second = years[0]
				first, firstYearless, read := readDate(strings.Join(words[i+1:j], " "), loc)
				if n, err := strconv.Atoi(words[i+1]); j == i+2 && err == nil {
					// "between 4 and 5 March": the first is a day of
					// the second's month.
					first, firstYearless, read = second, true, n >= 1 && n <= 31
					first.Day = n
				}
				if !read || first.Day == 0 {
					return "", knowledge.Date{}, false
				}
				if firstYearless {
					first.Year = second.Year
				}
				if _, err := knowledge.ParseDate(first.String()); err != nil || !first.Before(second) {
					return "", knowledge.Date{}, false
				}
				span = first
				span.End = &second
				rest := strings.Join(append(slices.Clone(words[:i]), words[j+1+k:]...), " ")
				return rest, span, true
			}
			return "", knowledge.Date{}, false
		}
	}
	return "", knowledge.Date{}, false
}

var (
	betweenWords = map[string]bool{"between": true, "между": true, "між": true}
	andWords     = map[string]bool{"and": true, "и": true, "і": true, "й": true}
)

// boundWords put a date as one end of an open span of time, by the
// side of it the span lies on.
var boundWords = map[string]string{
	"before": "before", "until": "by", "till": "by", "by": "by",
	"after": "after", "since": "since",
	"до": "before", "после": "after", "с": "since", "со": "since",
	"після": "after", "з": "since", "із": "since", "від": "since",
}

// bounded is the open span of time on one side of d: before it ("../the
// day before"), by it ("../d"), after it ("the day after/..") or since
// it ("d/..").
func bounded(d knowledge.Date, side string) knowledge.Date {
	switch side {
	case "before", "after":
		step := 1
		if side == "before" {
			step = -1
		}
		t := time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
		if d.Day == 0 {
			t = t.AddDate(0, step, 0)
			d = knowledge.Date{Year: t.Year(), Month: int(t.Month())}
		} else {
			t = t.AddDate(0, 0, step)
			d = knowledge.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
		}
		if side == "after" {
			d.OpenEnd = true
			return d
		}
		return knowledge.Date{OpenStart: true, End: &d}
	case "by":
		return knowledge.Date{OpenStart: true, End: &d}
	}
	d.OpenEnd = true
	return d
}

// maxDateReads bounds the runs of words askedDate reads as a date (each
// a tenth of a millisecond or more): a question names a date once, and a
// long message of numbers and month-like words must not cost seconds.
const maxDateReads = 24

// numericDate is a date written in numbers only (16.11.2024, 2024-11-16,
// 11/16/24).
var numericDate = regexp.MustCompile(`^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\D*$`)

// monthLike reports whether a word may name a month in a language the
// bot answers in: it begins as a month's name does ("Nov.", "ноября",
// "листопада"). It only says where a date may be worth reading.
func monthLike(word string) bool {
	r := []rune(strings.ToLower(word))
	return len(r) >= 3 && monthStarts[string(r[:3])]
}

// monthStarts are the first three letters of the months' names, English
// from the time package, Russian and Ukrainian from the bot's catalogue
// (in the nominative and after a day).
var monthStarts = func() map[string]bool {
	starts := map[string]bool{}
	for m := time.January; m <= time.December; m++ {
		for _, loc := range []string{i18n.LocaleEN, i18n.LocaleRU, i18n.LocaleUK} {
			for _, name := range []string{i18n.Word(loc, m.String()), i18n.Word(loc, "of "+m.String())} {
				// The catalogue gives English no "of November".
				if r := []rune(strings.ToLower(name)); len(r) >= 3 && !strings.HasPrefix(name, "of ") {
					starts[string(r[:3])] = true
				}
			}
		}
	}
	return starts
}()
