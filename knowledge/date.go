package knowledge

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Date is a full or partial date as the sources give it: a year, a month, a
// day, and optionally a time of day with a zone offset. It may also be a
// range, as ISO 8601 writes intervals: "2023-05-03/2023-05-04" (from the
// first to the second, each end at any precision), "../2023-05-25" (on or
// before) or "2023-05-04/.." (on or after). The zero Date means "not known".
type Date struct {
	// Year, Month, Day, Clock and Zone are the date, or the start of a
	// range; all zero when the start is open ("../2023-05-25").
	Year, Month, Day int
	// Clock is "15:04" when a time is known, and Zone its offset ("Z",
	// "+03:00") when that is known too.
	Clock, Zone string
	// End is the end of a range; nil for a single date and for a range
	// open at the end.
	End *Date
	// OpenStart and OpenEnd mark a range with an unknown start ("../end")
	// or end ("start/..").
	OpenStart, OpenEnd bool
}

var dateRE = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})?)?)?)?$`)

// dateForms is what the messages of ParseDate say a date may be.
const dateForms = "want YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM], or a range START/END, ../END (on or before) or START/.. (on or after)"

// ParseDate reads "2023", "2023-05", "2023-05-03", "2023-05-03T02:30" or
// "2023-05-03T02:30+03:00", and the ranges "2023-05-03/2023-05-04",
// "../2023-05-25" and "2023-05-04/..". It rejects impossible dates such as
// 2023-02-30 and a range that ends before it starts.
func ParseDate(s string) (Date, error) {
	from, to, isRange := strings.Cut(s, "/")
	if !isRange {
		return parsePoint(s, s)
	}
	if strings.Contains(to, "/") || (from == ".." && to == "..") {
		return Date{}, fmt.Errorf("malformed date %q: %s", s, dateForms)
	}
	var d Date
	if from == ".." {
		d.OpenStart = true
	} else {
		start, err := parsePoint(s, from)
		if err != nil {
			return Date{}, err
		}
		d = start
	}
	if to == ".." {
		d.OpenEnd = true
		return d, nil
	}
	end, err := parsePoint(s, to)
	if err != nil {
		return Date{}, err
	}
	d.End = &end
	if !d.OpenStart && end.last().before(d.first()) {
		return Date{}, fmt.Errorf("impossible date %q: the range ends before it starts", s)
	}
	return d, nil
}

// parsePoint reads one date, part of whole (which the messages quote).
func parsePoint(whole, s string) (Date, error) {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return Date{}, fmt.Errorf("malformed date %q: %s", whole, dateForms)
	}
	var d Date
	d.Year, _ = strconv.Atoi(m[1])
	if d.Year == 0 {
		return Date{}, fmt.Errorf("impossible date %q: there is no year 0", whole)
	}
	if m[2] != "" {
		d.Month, _ = strconv.Atoi(m[2])
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("impossible date %q: there is no month %d", whole, d.Month)
		}
	}
	if m[3] != "" {
		d.Day, _ = strconv.Atoi(m[3])
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if t.Day() != d.Day {
			return Date{}, fmt.Errorf("impossible date %q: %s has no day %d", whole, time.Month(d.Month), d.Day)
		}
	}
	if m[4] != "" {
		if _, err := time.Parse("15:04", m[4]); err != nil {
			return Date{}, fmt.Errorf("impossible time in %q", whole)
		}
		d.Clock, d.Zone = m[4], m[5]
	}
	return d, nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 && d.End == nil }

// IsRange reports whether the date is a range rather than one date.
func (d Date) IsRange() bool { return d.End != nil || d.OpenStart || d.OpenEnd }

// Start is the first date of a range, or the date itself; zero when the
// start is open.
func (d Date) Start() Date {
	d.End, d.OpenStart, d.OpenEnd = nil, false, false
	return d
}

// Finish is the last date of a range, or the date itself; zero when the
// end is open.
func (d Date) Finish() Date {
	switch {
	case d.End != nil:
		return *d.End
	case d.OpenEnd:
		return Date{}
	}
	return d.Start()
}

// String gives the date back in the form it was written.
func (d Date) String() string {
	if !d.IsRange() {
		return d.point()
	}
	from, to := "..", ".."
	if !d.OpenStart {
		from = d.point()
	}
	if d.End != nil {
		to = d.End.point()
	}
	return from + "/" + to
}

func (d Date) point() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case d.Clock == "":
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02dT%s%s", d.Year, d.Month, d.Day, d.Clock, d.Zone)
}

// Human renders the date for readers: "3 May 2023", "February 2023",
// "2023", "3 May 2023, 02:30+03:00"; a range as "3–4 May 2023",
// "30 April – 4 May 2023", "by 25 May 2023" or "on or after 4 May 2023".
func (d Date) Human() string {
	switch {
	case d.OpenStart && d.End != nil:
		return "by " + d.End.human()
	case d.OpenEnd:
		return "on or after " + d.human()
	case d.End == nil:
		return d.human()
	}
	s, e := d.Start(), *d.End
	switch {
	case s == e:
		return s.human()
	case s.Month == 0 && e.Month == 0:
		return fmt.Sprintf("%d–%d", s.Year, e.Year)
	case s.Clock != "" || e.Clock != "" || s.Year != e.Year || (s.Month == 0) != (e.Month == 0) || (s.Day == 0) != (e.Day == 0):
		return s.human() + " – " + e.human()
	}
	// The same year, and both ends as precise as each other: the year is
	// written once.
	switch {
	case s.Day == 0:
		return fmt.Sprintf("%s–%s %d", time.Month(s.Month), time.Month(e.Month), e.Year)
	case s.Month == e.Month:
		return fmt.Sprintf("%d–%d %s %d", s.Day, e.Day, time.Month(e.Month), e.Year)
	}
	return fmt.Sprintf("%d %s – %d %s %d", s.Day, time.Month(s.Month), e.Day, time.Month(e.Month), e.Year)
}

func (d Date) human() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	case d.Clock == "":
		return strconv.Itoa(d.Day) + " " + time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	}
	// Joined rather than formatted: every answer listing the timeline
	// writes each event's date.
	return strconv.Itoa(d.Day) + " " + time.Month(d.Month).String() + " " + strconv.Itoa(d.Year) + ", " + d.Clock + d.Zone
}

// Before orders dates for the timeline. Dates sort by the day they start
// on, a partial date before the days it contains ("2023-05" before
// "2023-05-03"). On the same starting day, the date that may end later
// sorts later: a reaction dated "3 or 4 May" follows the attack of 3 May it
// reacts to, even when the attack has a time and the reaction has none,
// since the reaction may be as late as the 4th and the attack cannot be.
// Only then do times on the starting day decide. A range open at the start
// ("../2023-05-25") sorts by its end, the only date the file gives for it;
// a range open at the end sorts after every date ending on the same day.
// The order is one key per date, so it is a total order that sorting can
// rely on.
func (d Date) Before(o Date) bool {
	a, b := d.sortKey(), o.sortKey()
	return slices.Compare(a[:], b[:]) < 0
}

func (d Date) sortKey() [8]int {
	s := d.Start()
	if d.OpenStart && d.End != nil {
		s = *d.End
	}
	e := d.Finish()
	k := [8]int{s.Year, orMinus(s.Month), orMinus(s.Day), e.Year, orMinus(e.Month), orMinus(e.Day), clockMinutes(e.Clock), clockMinutes(s.Clock)}
	if d.OpenEnd {
		k[3], k[4], k[5], k[6] = math.MaxInt, math.MaxInt, math.MaxInt, math.MaxInt
	}
	return k
}

func orMinus(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// Contains reports whether o can fall within d: whether the spans of time
// the two dates allow overlap. 2023-05 contains 2023-05-03 and the range
// 2023-04-30/2023-05-01; "../2023-05-25" contains every date up to 25 May
// 2023. A zero date contains nothing and is in nothing.
func (d Date) Contains(o Date) bool {
	if d.IsZero() || o.IsZero() {
		return false
	}
	return !d.last().before(o.first()) && !o.last().before(d.first())
}

// Within reports whether d falls within o for certain: whether every
// moment d allows is one o allows. 2023-05-03 is within 2023-05; 2023-05
// is not within 2023-05-03, which it only contains.
func (d Date) Within(o Date) bool {
	if d.IsZero() || o.IsZero() {
		return false
	}
	return !d.first().before(o.first()) && !o.last().before(d.last())
}

// Days is how many days the date allows: 1 for a day, 31 for May, 2 for
// the range 2023-05-03/2023-05-04; 0 for a zero date or an open range.
func (d Date) Days() int {
	if d.IsZero() || d.OpenStart || d.OpenEnd {
		return 0
	}
	f, l := d.first(), d.last()
	from := time.Date(f[0], time.Month(f[1]), f[2], 0, 0, 0, 0, time.UTC)
	to := time.Date(l[0], time.Month(l[1]), l[2], 0, 0, 0, 0, time.UTC)
	return int(to.Sub(from).Hours()/24) + 1
}

// moment is a point in time to the minute, as comparable numbers; clock
// zones are not applied, as the sources give local times.
type moment [5]int

func (m moment) before(o moment) bool {
	for i := range m {
		if m[i] != o[i] {
			return m[i] < o[i]
		}
	}
	return false
}

var (
	dawnOfTime = moment{math.MinInt}
	endOfTime  = moment{math.MaxInt}
)

// first is the earliest moment the date allows.
func (d Date) first() moment {
	if d.OpenStart {
		return dawnOfTime
	}
	m := moment{d.Year, max(d.Month, 1), max(d.Day, 1), 0, 0}
	if c := clockMinutes(d.Clock); c >= 0 {
		m[3], m[4] = c/60, c%60
	}
	return m
}

// last is the latest moment the date allows.
func (d Date) last() moment {
	switch {
	case d.OpenEnd:
		return endOfTime
	case d.End != nil:
		return d.End.last()
	}
	m := moment{d.Year, d.Month, d.Day, 23, 59}
	if d.Month == 0 {
		m[1] = 12
	}
	if d.Day == 0 {
		// Day 0 of the next month is the last day of this one.
		m[2] = time.Date(d.Year, time.Month(m[1])+1, 0, 0, 0, 0, 0, time.UTC).Day()
	}
	if c := clockMinutes(d.Clock); c >= 0 {
		m[3], m[4] = c/60, c%60
	}
	return m
}

func clockMinutes(c string) int {
	t, err := time.Parse("15:04", c)
	if err != nil {
		return -1
	}
	return t.Hour()*60 + t.Minute()
}

// MarshalJSON writes the date as the string form used in the YAML file.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// MarshalYAML writes the date as the string form used in the YAML file.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }
