package bot

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// filterDates reads a /timeline filter as dates: one date, month, year or
// range as knowledge files write them (2023-05-03, 2023-05), or a date as
// people write it (readDate, yearsOf). ok is false when the filter is
// words, not a date.
func (r answerer) filterDates(filter string) (dates []knowledge.Date, ok bool) {
	if d, err := knowledge.ParseDate(filter); err == nil {
		return []knowledge.Date{d}, true
	}
	d, yearless, ok := readDate(filter, r.loc)
	if !ok {
		return nil, false
	}
	return yearsOf(d, yearless, r.dated(false)), true
}

// yearsOf is d, or, for a date written without its year, that day or
// month in each year in which it holds one of dated (none when no year
// does), in order.
func yearsOf(d knowledge.Date, yearless bool, dated []knowledge.Date) []knowledge.Date {
	if !yearless {
		return []knowledge.Date{d}
	}
	in := map[int]bool{}
	for _, e := range dated {
		from, to := e.Start().Year, e.Finish().Year
		if from == 0 || to == 0 {
			// An open range has no year at its open end.
			from, to = max(from, to), max(from, to)
		}
		// The years an entry spans, but no more than a few of a range
		// that runs for decades (a typo's "0023"): each costs a test, and
		// the day asked about is then in its first or last years.
		for y := from; y <= to && y != 0; y++ {
			if y-from == maxYearsOfEntry {
				y = max(y, to-maxYearsOfEntry)
			}
			if in[y] {
				continue
			}
			on := d
			on.Year = y
			if d.Day != 0 && time.Date(y, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).Day() != d.Day {
				// 29 February of a year that has none.
				continue
			}
			if on.Contains(e) {
				in[y] = true
			}
		}
	}
	dates := make([]knowledge.Date, 0, len(in))
	for _, y := range slices.Sorted(maps.Keys(in)) {
		d.Year = y
		dates = append(dates, d)
	}
	return dates
}

// maxYearsOfEntry bounds the years yearsOf tries of one entry at each end
// of its range.
const maxYearsOfEntry = 3

// datedKey keeps a base's distinct dates (datedIn) in its memo; quotes
// says whether the quotes' dates are among them.
type datedKey struct{ quotes bool }

// dated are the distinct dates of the base's events, and of its quotes
// when quotes is true, which yearsOf reads a date without its year
// against: worked out once per base, as a base of many entries shares
// few dates and a question must not walk them all again.
func (r answerer) dated(quotes bool) []knowledge.Date {
	return knowledge.Memo(r.b, datedKey{quotes}, func() []knowledge.Date {
		seen := map[string]bool{}
		var dates []knowledge.Date
		add := func(d knowledge.Date) {
			if k := d.String(); !seen[k] {
				seen[k] = true
				dates = append(dates, d)
			}
		}
		for _, e := range r.b.Timeline() {
			add(e.Date)
		}
		if quotes {
			for _, q := range r.b.Quotes {
				add(q.Said)
			}
		}
		return dates
	})
}

// timelineOn answers /timeline for the dates a filter names: the events
// dated within one of them first, then those dated only to a range or a
// month that overlaps one, which may or may not fall on it.
func (r answerer) timelineOn(filter string, dates []knowledge.Date) Answer {
	var in, maybe []*knowledge.Event
	for _, e := range r.b.Timeline() {
		switch {
		case slices.ContainsFunc(dates, e.Date.Within):
			in = append(in, e)
		case slices.ContainsFunc(dates, func(d knowledge.Date) bool { return d.Contains(e.Date) }):
			maybe = append(maybe, e)
		}
	}
	names := make([]string, len(dates))
	for i, d := range dates {
		names[i] = r.date(d)
	}
	on := strings.Join(names, ", ")
	if len(in)+len(maybe) == 0 {
		if len(dates) == 0 {
			// Written without a year, and no year of the timeline has it.
			return r.notFound(r.t("Nothing on “%s”", filter), r.t("“%s” in the timeline", filter))
		}
		return r.notFound(r.t("Nothing on %s", on), r.t("events dated %s", on))
	}
	a := Answer{Title: r.t("Timeline: %s", on), list: r.entries(eventRefs(append(in, maybe...)), layout{size: LinePageSize})}
	if len(maybe) > 0 {
		a.Intro = r.t("%s dated only to a range of days that includes %s.", r.rangeNote(len(in), len(maybe)), on)
	}
	return a
}
