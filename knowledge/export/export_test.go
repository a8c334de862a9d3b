package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the default base")

// goldenNames maps each format to its golden file.
var goldenNames = map[string]string{
	"json":        "default.json",
	"timelinejs":  "default.timelinejs.json",
	"claimreview": "default.claimreview.jsonld",
	"csv":         "default.csv",
}

func defaultBase(t testing.TB) *knowledge.Base {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatalf("knowledge.Default() = %v", err)
	}
	return b
}

func edgeBase(t testing.TB) *knowledge.Base {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "edge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := knowledge.Load("edge.yaml", data)
	if err != nil {
		t.Fatalf("knowledge.Load(edge.yaml) = %v", err)
	}
	return b
}

// bases are the knowledge bases every property test runs on: the curated
// default and a fixture of edge cases (markup, partial dates, URLs).
func bases(t *testing.T) map[string]*knowledge.Base {
	return map[string]*knowledge.Base{"default": defaultBase(t), "edge": edgeBase(t)}
}

func export(t *testing.T, format string, b *knowledge.Base) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, b); err != nil {
		t.Fatalf("Write(%q) = %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	b := defaultBase(t)
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			name, ok := goldenNames[format]
			if !ok {
				t.Fatalf("no golden file named for format %q", format)
			}
			got := export(t, format, b)
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./knowledge/export -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Write(%q) differs from %s; if the change is intended, run go test ./knowledge/export -update and review the diff\n%s",
					format, path, firstDiff(string(got), string(want)))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "xml", defaultBase(t))
	if !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("Write(xml) = %v; want an error wrapping ErrUnknownFormat", err)
	}
	for _, f := range append(Formats(), `"xml"`) {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("Write(xml) error %q does not name %s", err, f)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("Write(xml) wrote %q; want nothing", buf.String())
	}
	if got, want := Formats(), []string{"json", "timelinejs", "claimreview", "csv"}; !slices.Equal(got, want) {
		t.Errorf("Formats() = %v; want %v", got, want)
	}
}

// TestJSONLoadsBack checks that the JSON export is the knowledge file
// itself: YAML is a superset of JSON, so the loader must read it back to
// the same entries, with the YAML's field names.
func TestJSONLoadsBack(t *testing.T) {
	for name, b := range bases(t) {
		out := export(t, "json", b)
		back, err := knowledge.Load(name+".json", out)
		if err != nil {
			t.Fatalf("%s: loading the JSON export back: %v", name, err)
		}
		if !reflect.DeepEqual(back.File, b.File) {
			t.Errorf("%s: the JSON export loads back to a different file", name)
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(out, &keys); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(keys["incident"], []byte(`"as_of"`)) || !bytes.Contains(keys["events"], []byte(`"date_note"`)) {
			t.Errorf("%s: JSON export lacks the YAML field names as_of/date_note", name)
		}
	}
}

type tlJSON struct {
	Title struct {
		Text map[string]string `json:"text"`
	} `json:"title"`
	Events []struct {
		StartDate   map[string]string `json:"start_date"`
		EndDate     map[string]string `json:"end_date"`
		DisplayDate string            `json:"display_date"`
		Text        map[string]string `json:"text"`
		Group       *string           `json:"group"`
		UniqueID    string            `json:"unique_id"`
	} `json:"events"`
}

func TestTimelineJS(t *testing.T) {
	for name, b := range bases(t) {
		var tl tlJSON
		if err := json.Unmarshal(export(t, "timelinejs", b), &tl); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, want := tl.Title.Text["headline"], html.EscapeString(b.Incident.Title); got != want {
			t.Errorf("%s: title headline = %q; want %q", name, got, want)
		}
		for _, s := range b.Sources {
			if !strings.Contains(tl.Title.Text["text"], html.EscapeString(s.Title)) {
				t.Errorf("%s: title slide does not credit source %q", name, s.ID)
			}
		}
		events := b.Timeline()
		if len(tl.Events) != len(events) {
			t.Fatalf("%s: %d events; want %d", name, len(tl.Events), len(events))
		}
		for i, e := range events {
			got := tl.Events[i]
			if got.UniqueID != e.ID {
				t.Errorf("%s: event %d unique_id = %q; want %q (date order)", name, i, got.UniqueID, e.ID)
			}
			// A range open at the start is placed at its end, the only
			// date given; any other date at its start.
			start := e.Date.Start()
			if e.Date.OpenStart {
				start = e.Date.Finish()
			}
			checkTLDate(t, name, e.ID+" start_date", got.StartDate, start)
			switch {
			case e.Date.End != nil && !e.Date.OpenStart:
				checkTLDate(t, name, e.ID+" end_date", got.EndDate, *e.Date.End)
			case got.EndDate != nil:
				t.Errorf("%s: %s has the date %s but an end_date %v", name, e.ID, e.Date, got.EndDate)
			}
			if want := html.EscapeString(e.Date.Human()); e.Date.IsRange() && got.DisplayDate != want {
				t.Errorf("%s: %s display_date = %q; want %q for the range %s", name, e.ID, got.DisplayDate, want, e.Date)
			}
			if got.Text["headline"] != html.EscapeString(e.Title) {
				t.Errorf("%s: %s headline = %q", name, e.ID, got.Text["headline"])
			}
			text := got.Text["text"]
			want := []string{html.EscapeString(e.Summary), html.EscapeString(e.DateNote)}
			for _, c := range e.Citations {
				want = append(want, "<blockquote>"+html.EscapeString(c.Excerpt)+"</blockquote>", html.EscapeString(b.Source(c.Source).Title))
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s: %s text lacks %q:\n%s", name, e.ID, w, text)
				}
			}
			switch {
			case len(e.Tags) == 0 && got.Group != nil:
				t.Errorf("%s: %s has no tags but group %q", name, e.ID, *got.Group)
			case len(e.Tags) > 0 && (got.Group == nil || *got.Group != e.Tags[0]):
				t.Errorf("%s: %s group = %v; want its first tag %q", name, e.ID, got.Group, e.Tags[0])
			}
		}
	}
}

// TestTimelineJSEscapes checks that no markup from the base reaches
// TimelineJS unescaped, that a known time keeps its zone, and that a URL is
// linked only where the source has one.
// checkTLDate checks a TimelineJS date against the base's: the same year,
// and a month and day only where the base gives them.
func checkTLDate(t *testing.T, name, what string, got map[string]string, d knowledge.Date) {
	t.Helper()
	if y, err := strconv.Atoi(got["year"]); err != nil || y != d.Year {
		t.Errorf("%s: %s.year = %q; want %d", name, what, got["year"], d.Year)
	}
	for _, f := range []struct {
		key   string
		known int
	}{{"month", d.Month}, {"day", d.Day}} {
		v, ok := got[f.key]
		switch {
		case f.known == 0 && ok:
			t.Errorf("%s: %s has the partial date %s but %s.%s = %q", name, what, d, what, f.key, v)
		case f.known != 0 && v != strconv.Itoa(f.known):
			t.Errorf("%s: %s.%s = %q; want %d", name, what, f.key, v, f.known)
		}
	}
}

func TestTimelineJSEscapes(t *testing.T) {
	out := string(export(t, "timelinejs", edgeBase(t)))
	var tl tlJSON
	if err := json.Unmarshal([]byte(out), &tl); err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	all.WriteString(tl.Title.Text["headline"] + tl.Title.Text["text"])
	for _, e := range tl.Events {
		all.WriteString(e.Text["headline"] + e.Text["text"])
	}
	for _, bad := range []string{"<script", "<b>", "<i>", "</blockquote><script", "<no>", "& "} {
		if strings.Contains(all.String(), bad) {
			t.Errorf("TimelineJS text contains unescaped %q", bad)
		}
	}
	if strings.Contains(out, "</") {
		t.Errorf("TimelineJS JSON contains %q, which would end an enclosing <script>", "</")
	}
	slides := map[string]int{}
	for i, e := range tl.Events {
		slides[e.UniqueID] = i
	}
	timed := tl.Events[slides["timed"]]
	want := map[string]string{"year": "2023", "month": "5", "day": "3", "hour": "02", "minute": "30", "display_date": "3 May 2023, 02:30+03:00"}
	if !reflect.DeepEqual(timed.StartDate, want) {
		t.Errorf("timed start_date = %v; want %v", timed.StartDate, want)
	}
	if link := `<a href="https://example.org/story?a=1&amp;b=2">`; !strings.Contains(timed.Text["text"], link) {
		t.Errorf("timed text lacks the source link %s:\n%s", link, timed.Text["text"])
	}
	for _, tt := range []struct {
		id, display string
		start, end  map[string]string
	}{
		{"two-days", "3–4 May 2023", map[string]string{"year": "2023", "month": "5", "day": "3"}, map[string]string{"year": "2023", "month": "5", "day": "4"}},
		{"by-a-day", "by 25 May 2023", map[string]string{"year": "2023", "month": "5", "day": "25"}, nil},
		{"after-a-day", "on or after 4 May 2023", map[string]string{"year": "2023", "month": "5", "day": "4"}, nil},
	} {
		e := tl.Events[slides[tt.id]]
		if e.DisplayDate != tt.display || !reflect.DeepEqual(e.StartDate, tt.start) || !reflect.DeepEqual(e.EndDate, tt.end) {
			t.Errorf("%s: display_date %q, start_date %v, end_date %v; want %q, %v, %v", tt.id, e.DisplayDate, e.StartDate, e.EndDate, tt.display, tt.start, tt.end)
		}
	}
	if n := strings.Count(all.String(), "<a "); n != 3 {
		t.Errorf("%d links; want 3 (the one source with a URL: in the credits, and cited twice)", n)
	}
}

type reviewJSON struct {
	Context       string `json:"@context"`
	Type          string `json:"@type"`
	ClaimReviewed string `json:"claimReviewed"`
	ItemReviewed  struct {
		Type       string           `json:"@type"`
		Author     []map[string]any `json:"author"`
		Appearance []map[string]any `json:"appearance"`
	} `json:"itemReviewed"`
	ReviewRating struct {
		Type          string `json:"@type"`
		AlternateName string `json:"alternateName"`
	} `json:"reviewRating"`
	ReviewBody    string         `json:"reviewBody"`
	Author        map[string]any `json:"author"`
	DatePublished string         `json:"datePublished"`
}

func TestClaimReview(t *testing.T) {
	for name, b := range bases(t) {
		var reviews []reviewJSON
		if err := json.Unmarshal(export(t, "claimreview", b), &reviews); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(reviews) != len(b.Claims) {
			t.Fatalf("%s: %d reviews; want one per claim, %d", name, len(reviews), len(b.Claims))
		}
		for i, r := range reviews {
			c := b.Claims[i]
			if r.Context != "https://schema.org" || r.Type != "ClaimReview" || r.ItemReviewed.Type != "Claim" || r.ReviewRating.Type != "Rating" {
				t.Errorf("%s: %s types = %q %q %q %q", name, c.ID, r.Context, r.Type, r.ItemReviewed.Type, r.ReviewRating.Type)
			}
			if r.ClaimReviewed != c.Statement || r.ReviewRating.AlternateName != c.Status {
				t.Errorf("%s: %s claimReviewed/alternateName = %q/%q; want %q/%q", name, c.ID, r.ClaimReviewed, r.ReviewRating.AlternateName, c.Statement, c.Status)
			}
			if r.DatePublished != b.Incident.AsOf.String() {
				t.Errorf("%s: %s datePublished = %q; want as_of %q", name, c.ID, r.DatePublished, b.Incident.AsOf)
			}
			if want := map[string]any{"@type": "Organization", "name": reviewerName}; !reflect.DeepEqual(r.Author, want) {
				t.Errorf("%s: %s reviewer = %v; want %v and no invented URL", name, c.ID, r.Author, want)
			}
			authors := claimAuthors(&c)
			if len(r.ItemReviewed.Author) != len(authors) {
				t.Errorf("%s: %s has %d claim authors; want %d (%v)", name, c.ID, len(r.ItemReviewed.Author), len(authors), authors)
			}
			for j, a := range r.ItemReviewed.Author {
				if (a["@type"] != "Person" && a["@type"] != "Organization") || a["name"] != b.Person(authors[j]).Name {
					t.Errorf("%s: %s author %d = %v", name, c.ID, j, a)
				}
			}
			// reviewBody states every position with its evidence, the
			// excerpt attributed to its source, never to the actor.
			for _, p := range c.Positions {
				want := []string{b.Person(p.Actor).Name + " " + p.Stance}
				for _, cit := range p.Citations {
					want = append(want, "; "+b.Source(cit.Source).Title+": “"+cit.Excerpt+"”")
				}
				if strings.Contains(r.ReviewBody, b.Person(p.Actor).Name+" "+p.Stance+": “") {
					t.Errorf("%s: %s reviewBody puts an excerpt in %s's mouth", name, c.ID, p.Actor)
				}
				for _, w := range want {
					if !strings.Contains(r.ReviewBody, w) {
						t.Errorf("%s: %s reviewBody lacks %q", name, c.ID, w)
					}
				}
			}
			if len(r.ItemReviewed.Appearance) == 0 {
				t.Errorf("%s: %s has no appearance", name, c.ID)
			}
			excerpts := map[string]string{}
			for _, p := range c.Positions {
				for _, cit := range p.Citations {
					excerpts[cit.Excerpt] = cit.Source
				}
			}
			for _, a := range r.ItemReviewed.Appearance {
				src, ok := excerpts[a["text"].(string)]
				if !ok || a["@type"] != "CreativeWork" {
					t.Errorf("%s: %s appearance %v is not one of the claim's citations", name, c.ID, a)
					continue
				}
				s := b.Source(src)
				if a["name"] != s.Title || a["headline"] != nil {
					t.Errorf("%s: %s appearance name = %v, headline %v; want name %q and no headline", name, c.ID, a["name"], a["headline"], s.Title)
				}
				if u, ok := a["url"]; ok != (s.URL != "") || (ok && u != s.URL) {
					t.Errorf("%s: %s appearance url = %v; source url %q", name, c.ID, u, s.URL)
				}
			}
		}
	}
}

// TestClaimReviewAuthors pins who counts as a claim's author in the edge
// fixture: the asserting reporter only, and nobody for a claim that is
// only doubted, whose appearances are then all its citations.
func TestClaimReviewAuthors(t *testing.T) {
	var reviews []reviewJSON
	if err := json.Unmarshal(export(t, "claimreview", edgeBase(t)), &reviews); err != nil {
		t.Fatal(err)
	}
	doubted, asserted := reviews[0], reviews[1]
	if len(doubted.ItemReviewed.Author) != 0 || len(doubted.ItemReviewed.Appearance) != 1 || doubted.ItemReviewed.Appearance[0]["text"] != "Analysts doubt it." {
		t.Errorf("doubted-only claim = %+v; want no author and its one citation as appearance", doubted.ItemReviewed)
	}
	want := []map[string]any{{"@type": "Person", "name": "Jane Roe", "description": "reporter"}}
	if !reflect.DeepEqual(asserted.ItemReviewed.Author, want) {
		t.Errorf("asserted claim authors = %v; want %v (the denier is no author)", asserted.ItemReviewed.Author, want)
	}
	a := asserted.ItemReviewed.Appearance
	if len(a) != 1 || a[0]["url"] != "https://example.org/story?a=1&b=2" || a[0]["datePublished"] != "2023-05-04" ||
		a[0]["creditText"] != "Jane Roe" || !reflect.DeepEqual(a[0]["publisher"], map[string]any{"@type": "Organization", "name": "The Daily & Co"}) {
		t.Errorf("asserted claim appearance = %v", a)
	}
}

func TestIsIndividual(t *testing.T) {
	tests := []struct {
		p    knowledge.Person
		want bool
	}{
		{knowledge.Person{Name: "Dmitry Peskov", Aliases: []string{"Peskov"}}, true},
		{knowledge.Person{Name: "Francis Scarr", Aliases: []string{"Scarr", "@francis_scarr"}}, true},
		{knowledge.Person{Name: "Dmitry Peskov"}, false},
		{knowledge.Person{Name: "United States", Aliases: []string{"US"}}, false},
		{knowledge.Person{Name: "The Kremlin", Aliases: []string{"Kremlin"}}, false},
		{knowledge.Person{Name: "Russian government", Aliases: []string{"government"}}, false},
		{knowledge.Person{Name: "CNBC", Aliases: []string{"CNBC"}}, false},
		{knowledge.Person{Name: "Analysts (unnamed)", Aliases: []string{"analysts"}}, false},
	}
	for _, tt := range tests {
		if got := isIndividual(&tt.p); got != tt.want {
			t.Errorf("isIndividual(%q, aliases %v) = %v; want %v", tt.p.Name, tt.p.Aliases, got, tt.want)
		}
	}
}

func TestCSV(t *testing.T) {
	for name, b := range bases(t) {
		rows, err := csv.NewReader(bytes.NewReader(export(t, "csv", b))).ReadAll()
		if err != nil {
			t.Fatalf("%s: the CSV does not parse back: %v", name, err)
		}
		if !slices.Equal(rows[0], csvHeader) {
			t.Errorf("%s: header = %q", name, rows[0])
		}
		if want := []string{"id", "speaker", "role", "kind", "text", "said", "medium", "via", "source title", "outlet", "url", "excerpt"}; !slices.Equal(csvHeader, want) {
			t.Errorf("csvHeader = %q; want %q", csvHeader, want)
		}
		byID := map[string][][]string{}
		for _, r := range rows[1:] {
			if len(r) != len(csvHeader) {
				t.Errorf("%s: row %q has %d columns; want %d", name, r, len(r), len(csvHeader))
				continue
			}
			byID[r[0]] = append(byID[r[0]], r)
		}
		n := 0
		for _, q := range b.Quotes {
			got := byID[q.ID]
			n += len(got)
			if len(got) != len(q.Citations) {
				t.Errorf("%s: %s has %d rows; want one per citation, %d", name, q.ID, len(got), len(q.Citations))
				continue
			}
			for i, r := range got {
				c := q.Citations[i]
				want := []string{q.ID, b.Person(q.Speaker).Name, b.Person(q.Speaker).Role, q.Kind, q.Text, q.Said.String(), q.Medium,
					strings.Join(q.Via, " > "), b.Source(c.Source).Title, b.Source(c.Source).Outlet, b.Source(c.Source).URL, c.Excerpt}
				for j, cell := range want {
					if knowledge.StartsFormula(cell) { // TestCSVFormulas
						want[j] = "'" + cell
					}
				}
				if !slices.Equal(r, want) {
					t.Errorf("%s: %s row %d = %q; want %q", name, q.ID, i, r, want)
				}
				if q.Kind == knowledge.Direct && strings.TrimPrefix(r[4], "'") != q.Text {
					t.Errorf("%s: direct quote %s text = %q; want verbatim %q", name, q.ID, r[4], q.Text)
				}
			}
		}
		if n != len(rows)-1 {
			t.Errorf("%s: %d rows; want %d, one per quote citation", name, len(rows)-1, n)
		}
	}
}

// TestCSVFormulas is finding 6 of issue 20: a cell a spreadsheet would run
// as a formula is written with a ' in front; every other cell as it is.
func TestCSVFormulas(t *testing.T) {
	valid, err := os.ReadFile("../testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{
		"=HYPERLINK(\"http://127.0.0.1/x\",\"click\")": "'=HYPERLINK(\"http://127.0.0.1/x\",\"click\")",
		"+1+cmd|' /C calc'!A0":                         "'+1+cmd|' /C calc'!A0",
		"-2+3":                                         "'-2+3",
		"@SUM(1+9)":                                    "'@SUM(1+9)",
		"\tTab first":                                  "'\tTab first",
		"\rCR first":                                   "'\rCR first",
		"A plain sentence = fine":                      "A plain sentence = fine",
	}
	for text, want := range cells {
		data := strings.Replace(string(valid), `text: "decisions are made in Washington"`, "text: "+strconv.Quote(text), 1)
		data = strings.Replace(data, "kind: direct", "kind: paraphrase", 1)
		b, err := knowledge.Load("f.yaml", []byte(data))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		rows, err := csv.NewReader(bytes.NewReader(export(t, "csv", b))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := rows[1][4]; got != want {
			t.Errorf("text %q is written %q; want %q", text, got, want)
		}
	}
}
