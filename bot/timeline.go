package bot

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	dps "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-dateparser/date"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// filterDates reads a /timeline filter as dates: one date, month, year or
// range as knowledge files write them (2023-05-03, 2023-05), or a date as
// people write it (readDate). A date written without its year stands for
// that day or month in every year of the timeline that has events on it,
// none when no year has. ok is false when the filter is words, not a date.
func (r answerer) filterDates(filter string) (dates []knowledge.Date, ok bool) {
	if d, err := knowledge.ParseDate(filter); err == nil {
		return []knowledge.Date{d}, true
	}
	d, yearless, ok := readDate(filter, r.loc)
	if !ok {
		return nil, false
	}
	if !yearless {
		return []knowledge.Date{d}, true
	}
	tl := r.b.Timeline()
	first, last := 0, 0
	for _, e := range tl {
		// An open range has no year at its open end.
		for _, y := range []int{e.Date.Start().Year, e.Date.Finish().Year} {
			if y != 0 && (first == 0 || y < first) {
				first = y
			}
			last = max(last, y)
		}
	}
	for y := first; y != 0 && y <= last; y++ {
		d.Year = y
		for _, e := range tl {
			if d.Contains(e.Date) {
				dates = append(dates, d)
				break
			}
		}
	}
	return dates, true
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
// against which readDate reads a date twice.
var readDays = [2]time.Time{
	time.Date(2001, time.June, 15, 12, 0, 0, 0, time.UTC),
	time.Date(2002, time.March, 10, 12, 0, 0, 0, time.UTC),
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
	return d, ok && a.Year() != b.Year(), ok
}
