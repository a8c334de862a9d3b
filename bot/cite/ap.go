package cite

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/knowledge"
)

// AP writes citations as the Associated Press Stylebook has them:
// a short title before the name and a long description after it, "said"
// for what someone said, the date as precise as the base gives it with
// the AP's month abbreviations, and the source last. Its only words of
// its own are the fixed ones below (APWords lists them); everything else
// is an entry's field, verbatim.
type AP struct{}

// APWords are every word the AP style writes that is not from an entry:
// the test that checks citations against the base allows these and no
// other.
var APWords = strings.Fields(`said wrote according to as reported by on or before after in at between and a an
	paraphrase not direct quote claim status asserted denied doubted assessed
	source archived copy Source Archived a.m. p.m. noon midnight UTC
	Jan. Feb. Aug. Sept. Oct. Nov. Dec. January February March April May June July August September October November December
	On Between In`)

// Quote: "City spokeswoman Jane Roe said at a daily briefing on
// May 3 or 4, 2023, according to the Gazette: “…”"; a paraphrase is said to be
// one, and has no quotation marks.
func (AP) Quote(c Quote) string {
	q := c.Quote
	var b strings.Builder
	b.WriteString(capitalise(apWho(c.Speaker)))
	verb, rest := apMedium(q.Medium)
	b.WriteString(" " + verb)
	if rest != "" {
		b.WriteString(" " + rest)
	}
	if d := apDate(q.Said); d != "" {
		b.WriteString(" " + d)
	}
	b.WriteString(", " + apAccording(apVia(q.Via, q.Medium, c.Sources), c.Sources))
	if q.Kind == knowledge.Direct {
		b.WriteString(": “" + q.Text + "”")
		return b.String()
	}
	b.WriteString(" (paraphrase, not a direct quote): " + q.Text)
	return b.String()
}

// Event: "May 3, 2023: Title, according to the Gazette."
func (AP) Event(c Event) string {
	e := c.Event
	line := strings.TrimRight(e.Title, ".")
	if d := apDate(e.Date); d != "" {
		line = capitalise(strings.TrimPrefix(strings.TrimPrefix(d, "on "), "in ")) + ": " + line
	}
	return line + ", " + apAccording(nil, c.Sources) + "."
}

// apStanceWords are the stances' participles, in the order a claim's
// positions are summed up.
var apStanceWords = []struct{ stance, word string }{
	{"asserts", "asserted"}, {"assesses", "assessed"}, {"doubts", "doubted"}, {"denies", "denied"},
}

// Claim: "Statement (claim, status: disputed). Asserted by A, according
// to X; denied by B, according to Y."
func (AP) Claim(c Claim) string {
	cl := c.Claim
	status := strings.ReplaceAll(cl.Status, "-", " ")
	var parts []string
	for _, sw := range apStanceWords {
		var names []string
		var sources []*knowledge.Source
		for _, p := range c.Positions {
			if p.Stance != sw.stance {
				continue
			}
			if !slices.Contains(names, p.Actor.Name) {
				names = append(names, p.Actor.Name)
			}
			for _, s := range p.Sources {
				if !slices.Contains(sources, s) {
					sources = append(sources, s)
				}
			}
		}
		if len(names) > 0 {
			parts = append(parts, sw.word+" by "+apList(names)+", "+apAccording(nil, sources))
		}
	}
	line := strings.TrimRight(cl.Statement, ".") + " (claim, status: " + status + ")."
	if len(parts) > 0 {
		line += " " + capitalise(strings.Join(parts, "; ")) + "."
	}
	return line
}

// Source: "Source: Title · Outlet · Author · May 4, 2023 · URL", then
// the archived copy on a line of its own.
func (AP) Source(s *knowledge.Source) string {
	date := ""
	if !s.Published.IsZero() {
		date = apTrimPrep(apDate(s.Published))
	}
	// An unknown field leaves no stray separator.
	known := slices.DeleteFunc([]string{s.Title, s.Outlet, s.Author, date, s.URL}, func(f string) bool { return f == "" })
	line := "Source: " + strings.Join(known, " · ")
	if s.ArchiveURL != "" {
		line += "\nArchived copy: " + s.ArchiveURL
	}
	return line
}

// apWho is a speaker as AP names one: a short title before the name
// ("City spokeswoman Jane Roe"), a longer description after it,
// set off by commas.
func apWho(p *knowledge.Person) string {
	// What follows a semicolon is the curator's note on the role, not
	// part of it.
	role, _, _ := strings.Cut(p.Role, ";")
	role = strings.TrimSpace(role)
	switch {
	case role == "":
		return p.Name
	case apTitle(role, p.Name):
		return role + " " + p.Name
	}
	return p.Name + ", " + role + ","
}

// apTitle reports whether a role reads as a title that may stand before
// a name: a few words led by a capital ("Foreign Minister", "former
// French President"), without punctuation or the little words of a
// description ("analyst at a think tank", "regulates campaign finances"), and
// not a second name for the same body ("the city's fire service" before
// "Riverton's fire service").
func apTitle(role, name string) bool {
	words := strings.Fields(role)
	if len(words) == 0 || len(words) > 4 || strings.ContainsAny(role, ",;:()“”\"") {
		return false
	}
	lead := words[0]
	if apTitlePrefixes[lead] && len(words) > 1 {
		lead = words[1]
	}
	if r, _ := utf8.DecodeRuneInString(lead); !unicode.IsUpper(r) {
		return false
	}
	for _, w := range words {
		if apLinkWords[w] {
			return false
		}
	}
	names := strings.Fields(name)
	return len(names) == 0 || !strings.EqualFold(names[len(names)-1], words[len(words)-1])
}

// apTitlePrefixes may lead a title in lower case: "former French
// President".
var apTitlePrefixes = map[string]bool{"former": true, "acting": true, "then": true}

// apLinkWords are the small words that make a role a description.
var apLinkWords = map[string]bool{
	"a": true, "an": true, "the": true, "at": true, "of": true, "in": true, "for": true, "on": true, "by": true,
	"with": true, "per": true, "who": true, "from": true, "to": true, "and": true, "or": true, "not": true,
}

// apSpeechVerbs are the verbs a medium may already begin with ("told
// reporters", "wrote on Telegram"); such a medium is the verb phrase,
// in place of "said".
var apSpeechVerbs = map[string]bool{
	"told": true, "wrote": true, "posted": true, "tweeted": true, "said": true, "added": true, "announced": true, "stated": true,
}

// apMedium turns a medium into the verb and the words after it: "told
// reporters" stays as it is; "daily briefing" is "said" "at a daily
// briefing"; "X" is "wrote" "on X".
func apMedium(medium string) (verb, rest string) {
	medium = strings.TrimSpace(medium)
	if medium == "" {
		return "said", ""
	}
	first, after, _ := strings.Cut(medium, " ")
	if apSpeechVerbs[first] {
		return first, after
	}
	verb = "said"
	if apWritten[apHead(medium)] {
		verb = "wrote"
	}
	return verb, apPlace(medium) + " " + apArticle(medium) + medium
}

// apWritten are the main nouns of media one writes in rather than
// speaks: "wrote on a Telegram channel", "wrote in a tweet".
var apWritten = map[string]bool{
	"channel": true, "tweet": true, "post": true, "blog": true, "letter": true, "column": true, "op-ed": true,
	"X": true, "Twitter": true, "Telegram": true, "Facebook": true, "Instagram": true,
}

// apPlaceWords say which preposition a medium takes, by its main noun:
// on a channel or platform, at an event, in anything else (a statement,
// an interview, a tweet).
var apPlaceWords = map[string]string{
	"channel": "on", "app": "on", "account": "on", "page": "on", "website": "on", "site": "on", "blog": "on",
	"X": "on", "Twitter": "on", "Telegram": "on", "Facebook": "on", "Instagram": "on", "YouTube": "on", "TikTok": "on",
	"television": "on", "radio": "on", "podcast": "on",
	"briefing": "at", "conference": "at", "rally": "at", "meeting": "at", "summit": "at", "hearing": "at", "forum": "at", "event": "at",
}

// apPlace is the preposition for a medium, chosen by its main noun.
func apPlace(medium string) string {
	if p, ok := apPlaceWords[apHead(medium)]; ok {
		return p
	}
	return "in"
}

// apHead is a medium's main noun: its last word before any "with", "in",
// "to" that follows it ("briefing" in "daily briefing with reporters").
func apHead(medium string) string {
	words := strings.Fields(medium)
	for i, w := range words {
		if i > 0 && apLinkWords[w] {
			return words[i-1]
		}
	}
	return words[len(words)-1]
}

// apArticle is "a " or "an " before a medium that is a common noun, and
// nothing before a name (X, Twitter).
func apArticle(medium string) string {
	r, _ := utf8.DecodeRuneInString(medium)
	if unicode.IsUpper(r) && !strings.Contains(medium, " ") {
		return ""
	}
	if strings.ContainsRune("aeiouAEIOU", r) {
		return "an "
	}
	return "a "
}

// apVia is the chain a quote came through, without the names its medium
// or its sources already give ("told The Gazette").
func apVia(via []string, medium string, sources []*knowledge.Source) []string {
	var out []string
	for _, v := range via {
		if strings.Contains(strings.ToLower(medium), strings.ToLower(strings.TrimPrefix(v, "The "))) {
			continue
		}
		dup := false
		for _, s := range sources {
			dup = dup || strings.EqualFold(s.Outlet, v)
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// apAccording names where the words come from: "according to a wire agency, as
// reported by the Gazette" — the via chain, nearest the speaker first, then the
// sources, each by its outlet, or its title when the outlet is not known.
func apAccording(via []string, sources []*knowledge.Source) string {
	var names []string
	for _, s := range sources {
		n := s.Outlet
		if n == "" {
			n = "“" + s.Title + "”"
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	chain := append(append([]string{}, via...), apList(names))
	return "according to " + strings.Join(chain, ", as reported by ")
}

// apList joins names as a sentence does: "A", "A and B", "A, B and C".
func apList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// apMonths are the months as AP writes them beside a day; alone or with
// a year only they are spelled out.
var apMonths = [13]string{"", "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

var fullMonths = [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// apDate is a date with its preposition, as precise as the base has it
// and no more: "on May 3, 2023", "in May 2023", "at 2:30 a.m. on May 3,
// 2023", "on May 3 or 4, 2023", "between April 30 and May 4, 2023", "on
// or before May 25, 2023". Empty for an unknown date.
func apDate(d knowledge.Date) string {
	switch {
	case d.IsZero():
		return ""
	case d.OpenStart && d.End != nil:
		return apPrep(*d.End) + " or before " + apWhen(*d.End)
	case d.OpenEnd:
		return apPrep(d.Start()) + " or after " + apWhen(d.Start())
	case d.End == nil || *d.End == d.Start():
		s := d.Start()
		if s.Clock != "" {
			return "at " + apClock(s.Clock, s.Zone) + " on " + apPoint(s)
		}
		return apPrep(s) + " " + apPoint(s)
	}
	s, e := d.Start(), *d.End
	sameYear := s.Year == e.Year && s.Clock == "" && e.Clock == "" && (s.Month == 0) == (e.Month == 0) && (s.Day == 0) == (e.Day == 0)
	switch {
	case !sameYear:
		first := apWhen(s)
		if s.Day != 0 {
			// AP sets off the year of a full date with commas.
			first += ","
		}
		return "between " + first + " and " + apWhen(e)
	case s.Month == 0:
		return fmt.Sprintf("between %d and %d", s.Year, e.Year)
	case s.Day == 0:
		return fmt.Sprintf("between %s and %s %d", fullMonths[s.Month], fullMonths[e.Month], e.Year)
	case s.Month == e.Month && e.Day == s.Day+1:
		return fmt.Sprintf("on %s %d or %d, %d", apMonths[s.Month], s.Day, e.Day, e.Year)
	case s.Month == e.Month:
		return fmt.Sprintf("between %s %d and %d, %d", apMonths[s.Month], s.Day, e.Day, e.Year)
	}
	return fmt.Sprintf("between %s %d and %s %d, %d", apMonths[s.Month], s.Day, apMonths[e.Month], e.Day, e.Year)
}

// apWhen is one end of a range: its date, after its time when known.
func apWhen(d knowledge.Date) string {
	if d.Clock != "" {
		return apClock(d.Clock, d.Zone) + " " + apPoint(d)
	}
	return apPoint(d)
}

// apPrep is "on" a day and "in" a month or year.
func apPrep(d knowledge.Date) string {
	if d.Day != 0 {
		return "on"
	}
	return "in"
}

// apTrimPrep drops the preposition of a single date ("on May 3, 2023"),
// for a source's line.
func apTrimPrep(s string) string {
	if p, rest, ok := strings.Cut(s, " "); ok && (p == "on" || p == "in") && !strings.HasPrefix(rest, "or ") {
		return rest
	}
	return s
}

// apPoint is one date without its time: "May 3, 2023", "Aug. 3, 2023",
// "May 2023", "2023".
func apPoint(d knowledge.Date) string {
	switch {
	case d.Month == 0:
		return fmt.Sprint(d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%s %d", fullMonths[d.Month], d.Year)
	}
	return fmt.Sprintf("%s %d, %d", apMonths[d.Month], d.Day, d.Year)
}

// apClock is a time of day as AP writes it: "2:30 a.m.", "3 p.m.",
// "noon", "midnight", with the zone's offset from UTC when known.
func apClock(clock, zone string) string {
	var h, m int
	fmt.Sscanf(clock, "%d:%d", &h, &m)
	var s string
	switch {
	case h == 12 && m == 0:
		s = "noon"
	case h == 0 && m == 0:
		s = "midnight"
	default:
		suffix := "a.m."
		if h >= 12 {
			suffix = "p.m."
		}
		h12 := (h+11)%12 + 1
		s = fmt.Sprintf("%d:%02d %s", h12, m, suffix)
		if m == 0 {
			s = fmt.Sprintf("%d %s", h12, suffix)
		}
	}
	switch zone {
	case "":
		return s
	case "Z":
		return s + " UTC"
	}
	return s + " UTC" + zone
}
