package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// installHint says how to get what the browser test needs; the test is
// skipped, never silently passed, without it.
const installHint = "install with .ci/install-browser-test-deps (Debian chromium, and npm ci in knowledge/export/testdata/timelinejs)"

// timelineDist is where npm installs the TimelineJS3 build the test loads.
var timelineDist = filepath.Join("testdata", "timelinejs", "node_modules", "@knight-lab", "timelinejs", "dist")

// page mounts timelines with the real TimelineJS3 library, one after the
// other so that each is charged with its own script errors: the export of
// each base in the data, then a copy of the first with a year that is not a
// number, which the library refuses (so the page is shown to report a
// failure when there is one; a missing year it would silently take as year
// 0, which is why TestTimelineJS checks every year itself). It writes what
// the library rendered, its errors, script errors and any blocked outside
// request into #report as JSON.
const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loading</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/tl/css/timeline.css">
<script src="/tl/js/timeline.js"></script>
</head><body>
<pre id="report"></pre>
<script id="data" type="application/json">%s</script>
<script>
const report = {csp: [], timelines: {}};
let scriptErrors = [];
document.addEventListener('securitypolicyviolation', e => report.csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.addEventListener('error', e => scriptErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => scriptErrors.push('unhandled rejection: ' + String(e.reason)));
// Everything the library would fetch from its CDN comes from this server:
// script_path for language files, and a font set made of system fonts.
const options = {script_path: location.origin + '/tl/js/', language: 'en', font: 'georgia-helvetica', hash_bookmark: false};
function mount(name, data) {
  const el = document.createElement('div');
  el.id = name + '-embed';
  el.style = 'width:1200px;height:800px';
  document.body.insertBefore(el, document.getElementById('report'));
  return new Promise(resolve => {
    const r = {loaded: false};
    let tl, finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      r.slides = Array.from(el.querySelectorAll('.tl-slide')).map(s => ({
        id: s.id,
        title: s.classList.contains('tl-slide-titleslide'),
        date: (s.querySelector('.tl-headline-date') || {}).textContent || '',
        text: s.textContent,
      }));
      r.markers = el.querySelectorAll('.tl-timemarker').length;
      r.message = (el.querySelector('.tl-message-full') || {}).textContent || '';
      r.errors = tl && tl.config ? tl.config.getErrors().map(String) : [];
      r.scriptErrors = scriptErrors.splice(0);
      report.timelines[name] = r;
      resolve();
    };
    try {
      tl = new TL.Timeline(el.id, data, options);
    } catch (e) {
      r.exception = String(e);
      done();
      return;
    }
    tl.on('loaded', () => { r.loaded = true; setTimeout(done, 0); });
    // The library fires no event when it refuses the data.
    setTimeout(done, 5000);
  });
}
const data = JSON.parse(document.getElementById('data').textContent);
const names = Object.keys(data).sort();
const broken = JSON.parse(JSON.stringify(data[names[0]]));
broken.events[0].start_date.year = 'unknown';
let chain = Promise.resolve();
for (const name of names) chain = chain.then(() => mount(name, data[name]));
chain.then(() => mount('broken', broken)).then(() => {
  document.getElementById('report').textContent = JSON.stringify(report);
  document.title = 'done';
});
</script>
</body></html>
`

type browserSlide struct {
	ID    string `json:"id"`
	Title bool   `json:"title"`
	Date  string `json:"date"`
	Text  string `json:"text"`
}

type browserTimeline struct {
	Loaded       bool           `json:"loaded"`
	Exception    string         `json:"exception"`
	ScriptErrors []string       `json:"scriptErrors"`
	Slides       []browserSlide `json:"slides"`
	Markers      int            `json:"markers"`
	Message      string         `json:"message"`
	Errors       []string       `json:"errors"`
}

type browserReport struct {
	CSP       []string                   `json:"csp"`
	Timelines map[string]browserTimeline `json:"timelines"`
}

// TestTimelineJSInChromium loads the TimelineJS export of the default base
// and of the edge-case fixture into the real TimelineJS3 library in
// headless Chromium, served from 127.0.0.1 only, and checks what a reader
// sees: a title slide and one slide per event, each showing its words,
// date note and citations as written, dates no more precise than the base,
// and no error.
func TestTimelineJSInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not found: " + installHint)
	}
	if _, err := os.Stat(filepath.Join(timelineDist, "js", "timeline.js")); err != nil {
		t.Skip("TimelineJS3 not found in " + timelineDist + ": " + installHint)
	}

	bases := bases(t)
	data := map[string]json.RawMessage{}
	for name, b := range bases {
		var buf bytes.Buffer
		if err := TimelineJS(&buf, b); err != nil {
			t.Fatal(err)
		}
		data[name] = buf.Bytes()
	}
	// encoding/json escapes "<", so the data cannot end its <script>.
	dataJSON, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}

	var (
		mu       sync.Mutex
		requests []string
	)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		// Anything the page tries to load from elsewhere is blocked and
		// reported to the page, which lists it in the report.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self' 'unsafe-inline'; "+
			"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, page, dataJSON)
	})
	mux.Handle("GET /tl/", http.StripPrefix("/tl/", http.FileServer(http.Dir(timelineDist))))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		mux.ServeHTTP(rec, r)
		mu.Lock()
		requests = append(requests, fmt.Sprintf("%d %s", rec.status, r.URL.Path))
		mu.Unlock()
	}))
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("test server at %s; want 127.0.0.1 only", srv.URL)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--window-size=1280,1000",
		"--user-data-dir="+t.TempDir(),
		// Virtual time: the library's animations and the page's 5 s wait
		// for a refused timeline cost no real time.
		"--virtual-time-budget=30000",
		"--dump-dom", srv.URL+"/")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	dom, err := cmd.Output()
	t.Logf("chromium took %v", time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	mu.Lock()
	t.Logf("requests: %s", strings.Join(requests, ", "))
	for _, r := range requests {
		if !strings.HasPrefix(r, "200 ") {
			t.Errorf("the page asked for a file the test server does not have: %s", r)
		}
	}
	mu.Unlock()

	rep := parseReport(t, dom)
	if len(rep.CSP) > 0 {
		t.Errorf("the page tried to load from outside 127.0.0.1: %q", rep.CSP)
	}
	for name, b := range bases {
		got, ok := rep.Timelines[name]
		if !ok {
			t.Errorf("%s: no report", name)
			continue
		}
		checkRendered(t, name, b, got)
	}

	brk := rep.Timelines["broken"]
	refusal := slices.DeleteFunc(append(append(brk.Errors, brk.ScriptErrors...), brk.Exception), func(s string) bool { return s == "" })
	if brk.Loaded || len(brk.Slides) > 0 || !strings.Contains(strings.Join(refusal, " "), "invalid_date_err") {
		t.Errorf("TimelineJS did not refuse an event whose year is not a number: loaded=%v slides=%d errors=%q",
			brk.Loaded, len(brk.Slides), refusal)
	}
	t.Logf("the broken copy was refused with %q", refusal)
}

// checkRendered checks one timeline as TimelineJS rendered it.
func checkRendered(t *testing.T, name string, b *knowledge.Base, got browserTimeline) {
	t.Helper()
	if !got.Loaded || got.Exception != "" || len(got.Errors) > 0 || len(got.ScriptErrors) > 0 {
		t.Errorf("%s: TimelineJS did not load the export cleanly: loaded=%v exception=%q errors=%q script errors=%q message=%q",
			name, got.Loaded, got.Exception, got.Errors, got.ScriptErrors, got.Message)
		return
	}
	events := b.Timeline()
	if len(got.Slides) != len(events)+1 {
		t.Errorf("%s: TimelineJS rendered %d slides; want %d events + 1 title slide", name, len(got.Slides), len(events))
	}
	if got.Markers != len(events) {
		t.Errorf("%s: TimelineJS rendered %d time markers; want %d", name, got.Markers, len(events))
	}
	slides := map[string]browserSlide{}
	for i, s := range got.Slides {
		if s.Title != (i == 0) {
			t.Errorf("%s: slide %d (%s) title=%v; want the title slide first and only there", name, i, s.ID, s.Title)
		}
		if i == 0 && !strings.Contains(s.Text, b.Incident.Title) {
			t.Errorf("%s: title slide does not show %q: %s", name, b.Incident.Title, s.Text)
		}
		slides[s.ID] = s
	}
	for _, e := range events {
		s, ok := slides[e.ID]
		if !ok {
			t.Errorf("%s: no slide for event %s", name, e.ID)
			continue
		}
		// What a reader sees: the escaped HTML must come out as the
		// base's own words, markup included as text.
		want := []string{e.Title, e.Summary, e.DateNote}
		for _, c := range e.Citations {
			want = append(want, c.Excerpt, b.Source(c.Source).Title)
		}
		for _, w := range want {
			if !strings.Contains(s.Text, w) {
				t.Errorf("%s: slide %s does not show %q:\n%s", name, e.ID, w, s.Text)
			}
		}
		if want := shownDate(e.Date); (e.Date.Clock == "" || e.Date.IsRange()) && s.Date != want {
			t.Errorf("%s: slide %s shows the date %q; want %q for %s, no more precise than the base", name, e.ID, s.Date, want, e.Date)
		}
	}
	t.Logf("%s: rendered %d slides and %d time markers", name, len(got.Slides), got.Markers)
}

// shownDate is how TimelineJS's English locale shows a date of the
// precision the base gives: "2023", "February 2023", "May 3, 2023".
// A range shows the slide's display_date, the bot's own words for it.
func shownDate(d knowledge.Date) string {
	switch {
	case d.IsRange():
		return d.Human()
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%s %d", time.Month(d.Month), d.Year)
	}
	return fmt.Sprintf("%s %d, %d", time.Month(d.Month), d.Day, d.Year)
}

// parseReport reads the page's report out of Chromium's dump of the DOM.
func parseReport(t *testing.T, dom []byte) browserReport {
	t.Helper()
	const open, closing = `<pre id="report">`, `</pre>`
	s := string(dom)
	i := strings.Index(s, open)
	if i < 0 {
		t.Fatalf("no report in the DOM Chromium dumped:\n%.2000s", s)
	}
	s = s[i+len(open):]
	j := strings.Index(s, closing)
	if j < 0 || j == 0 {
		t.Fatalf("empty report: the page did not finish in the virtual time budget:\n%.2000s", s)
	}
	var rep browserReport
	if err := json.Unmarshal([]byte(html.UnescapeString(s[:j])), &rep); err != nil {
		t.Fatalf("report: %v\n%.2000s", err, s[:j])
	}
	return rep
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
