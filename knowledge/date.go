package knowledge

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Date is a full or partial date as the sources give it: a year, a month, a
// day, and optionally a time of day with a zone offset. The zero Date means
// "not known".
type Date struct {
	Year, Month, Day int
	// Clock is "15:04" when a time is known, and Zone its offset ("Z",
	// "+03:00") when that is known too.
	Clock, Zone string
}

var dateRE = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})?)?)?)?$`)

// ParseDate reads "2023", "2023-05", "2023-05-03", "2023-05-03T02:30" or
// "2023-05-03T02:30+03:00" and rejects impossible dates such as 2023-02-30.
func ParseDate(s string) (Date, error) {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return Date{}, fmt.Errorf("malformed date %q: want YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM]", s)
	}
	var d Date
	d.Year, _ = strconv.Atoi(m[1])
	if d.Year == 0 {
		return Date{}, fmt.Errorf("impossible date %q: there is no year 0", s)
	}
	if m[2] != "" {
		d.Month, _ = strconv.Atoi(m[2])
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("impossible date %q: month %d", s, d.Month)
		}
	}
	if m[3] != "" {
		d.Day, _ = strconv.Atoi(m[3])
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if t.Day() != d.Day {
			return Date{}, fmt.Errorf("impossible date %q: %s has no day %d", s, time.Month(d.Month), d.Day)
		}
	}
	if m[4] != "" {
		if _, err := time.Parse("15:04", m[4]); err != nil {
			return Date{}, fmt.Errorf("impossible time in %q", s)
		}
		d.Clock, d.Zone = m[4], m[5]
	}
	return d, nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// String gives the date back in the form it was written.
func (d Date) String() string {
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

// Human renders the date for readers: "3 May 2023", "February 2023", "2023".
func (d Date) Human() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%s %d", time.Month(d.Month), d.Year)
	case d.Clock == "":
		return fmt.Sprintf("%d %s %d", d.Day, time.Month(d.Month), d.Year)
	}
	return fmt.Sprintf("%d %s %d, %s%s", d.Day, time.Month(d.Month), d.Year, d.Clock, d.Zone)
}

// Before orders dates for the timeline: a partial date sorts before the
// full dates it contains ("2023-05" before "2023-05-03").
func (d Date) Before(o Date) bool {
	a := [4]int{d.Year, d.Month, d.Day, clockMinutes(d.Clock)}
	b := [4]int{o.Year, o.Month, o.Day, clockMinutes(o.Clock)}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// Contains reports whether o falls within d's precision: 2023-05 contains
// 2023-05-03, and 2023 contains both.
func (d Date) Contains(o Date) bool {
	if d.IsZero() || d.Year != o.Year {
		return false
	}
	if d.Month != 0 && d.Month != o.Month {
		return false
	}
	return d.Day == 0 || d.Day == o.Day
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
