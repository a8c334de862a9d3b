package export

import (
	"html"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// The TimelineJS3 JSON format, as documented with the library (API.md,
// "Event data format"). Its text fields are HTML, which the library
// sanitises and renders; every string from the base is escaped into it.
type timeline struct {
	Title  tlSlide   `json:"title"`
	Events []tlSlide `json:"events"`
}

type tlSlide struct {
	StartDate *tlDate `json:"start_date,omitempty"`
	EndDate   *tlDate `json:"end_date,omitempty"`
	// DisplayDate is set for a date range, which the library would
	// otherwise show as two exact dates or, with an open end, as one.
	DisplayDate string `json:"display_date,omitempty"`
	Text        tlText `json:"text"`
	Group       string `json:"group,omitempty"`
	UniqueID    string `json:"unique_id,omitempty"`
}

// tlDate holds strings, as the library documents them. Month, day and time
// stay empty when the base gives only a year or a month: TimelineJS then
// shows "May 2023" rather than a day nobody reported.
type tlDate struct {
	Year   string `json:"year"`
	Month  string `json:"month,omitempty"`
	Day    string `json:"day,omitempty"`
	Hour   string `json:"hour,omitempty"`
	Minute string `json:"minute,omitempty"`
	// DisplayDate is set only when a time is known, so that its zone,
	// which TimelineJS has no field for, is still shown.
	DisplayDate string `json:"display_date,omitempty"`
}

type tlText struct {
	Headline string `json:"headline"`
	Text     string `json:"text"`
}

// TimelineJS writes the timeline as Knight Lab TimelineJS3 JSON: a title
// slide for the incident and one slide per event, in date order, each with
// its date note, actors and citations (source and verbatim excerpt).
func TimelineJS(w io.Writer, b *knowledge.Base) error {
	t := timeline{
		Title: tlSlide{Text: tlText{
			Headline: html.EscapeString(b.Incident.Title),
			Text:     titleText(b),
		}},
		Events: []tlSlide{},
	}
	for _, e := range b.Timeline() {
		s := tlSlide{
			Text: tlText{
				Headline: html.EscapeString(e.Title),
				Text:     eventText(b, e),
			},
			UniqueID: e.ID,
		}
		slideDates(&s, e.Date)
		if len(e.Tags) > 0 {
			s.Group = e.Tags[0]
		}
		t.Events = append(t.Events, s)
	}
	return writeJSON(w, t)
}

// slideDates places a slide: a single date as its start; a range from its
// start to its end, shown in the bot's words ("3–4 May 2023"). A range open
// at the start is placed at its end, the only date the base gives for it,
// and one open at the end at its start; neither gets an end_date, which
// would assert a bound nobody reported.
func slideDates(s *tlSlide, d knowledge.Date) {
	start := d.Start()
	if d.OpenStart {
		start = d.Finish()
	}
	s.StartDate = timelineDate(start)
	if !d.IsRange() {
		return
	}
	if !d.OpenStart && d.End != nil {
		s.EndDate = timelineDate(*d.End)
	}
	s.DisplayDate = html.EscapeString(d.Human())
}

func timelineDate(d knowledge.Date) *tlDate {
	td := &tlDate{Year: strconv.Itoa(d.Year)}
	if d.Month != 0 {
		td.Month = strconv.Itoa(d.Month)
	}
	if d.Day != 0 {
		td.Day = strconv.Itoa(d.Day)
	}
	if hh, mm, ok := strings.Cut(d.Clock, ":"); ok {
		td.Hour, td.Minute = hh, mm
		td.DisplayDate = d.Human()
	}
	return td
}

// titleText introduces the timeline and credits every source it draws on.
func titleText(b *knowledge.Base) string {
	var s strings.Builder
	s.WriteString(para(b.Incident.Summary))
	if !b.Incident.AsOf.IsZero() {
		s.WriteString(para("Knowledge base as of " + b.Incident.AsOf.Human() + "."))
	}
	if len(b.Sources) > 0 {
		s.WriteString("<p>Sources:</p><ul>")
		for i := range b.Sources {
			s.WriteString("<li>" + sourceHTML(&b.Sources[i]) + "</li>")
		}
		s.WriteString("</ul>")
	}
	return s.String()
}

func eventText(b *knowledge.Base, e *knowledge.Event) string {
	var s strings.Builder
	s.WriteString(para(e.Summary))
	if e.DateNote != "" {
		s.WriteString(para("About the date: " + e.DateNote))
	}
	if len(e.Actors) > 0 {
		names := make([]string, len(e.Actors))
		for i, id := range e.Actors {
			names[i] = personName(b, id)
		}
		s.WriteString(para("Who: " + strings.Join(names, ", ")))
	}
	for _, c := range e.Citations {
		s.WriteString("<blockquote>" + html.EscapeString(c.Excerpt) + "</blockquote>")
		s.WriteString("<p>Source: <cite>" + sourceHTML(source(b, c.Source)) + "</cite></p>")
	}
	return s.String()
}

// para is one escaped paragraph, or nothing for empty text.
func para(text string) string {
	if text == "" {
		return ""
	}
	return "<p>" + html.EscapeString(text) + "</p>"
}

// sourceHTML names a source with everything known of it and nothing
// more, in the order the bot uses, with the URL as a link. Only http and https
// URLs are linked (the validator allows no others); anything else stays
// text.
func sourceHTML(s *knowledge.Source) string {
	line := html.EscapeString(knowledge.JoinNonEmpty(" · ", s.Title, s.Outlet, s.Author, s.Published.Human()))
	if s.URL == "" {
		return line
	}
	link := html.EscapeString(s.URL)
	if u, err := url.Parse(s.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		link = `<a href="` + link + `">` + link + `</a>`
	}
	return knowledge.JoinNonEmpty(" · ", line, link)
}

// source returns the cited source. A loaded base has resolved every
// citation; a stand-in titled with the bare id keeps an unresolved one
// visible instead of panicking.
func source(b *knowledge.Base, id string) *knowledge.Source {
	if s := b.Source(id); s != nil {
		return s
	}
	return &knowledge.Source{ID: id, Title: id}
}

// personName is the display name of a person id, or the id itself when the
// base does not resolve it.
func personName(b *knowledge.Base, id string) string {
	if p := b.Person(id); p != nil {
		return p.Name
	}
	return id
}
