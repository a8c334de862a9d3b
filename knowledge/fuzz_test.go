package knowledge

import (
	"errors"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// FuzzLoad feeds arbitrary bytes to the loader. Whatever the input, Load
// must not panic, and it either returns a base or a list of problems, each
// naming the file.
func FuzzLoad(f *testing.F) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add([]byte("a: &a [x]\nb: *a\n"))
	f.Add([]byte("incident: {id: x, title: t, summary: s, as_of: \"2023-02-30\"}\n"))
	f.Add([]byte("events:\n  - date: 2023-05\n    citations: [{source: s, excerpt: \"...\"}]\n"))
	f.Add([]byte("\t- ]["))
	// Syntax errors the second pass of syntaxProblem places: a dedented
	// line, a tab, an unclosed quote, an unquoted colon.
	f.Add([]byte("events:\n  - id: a\n    date: \"2023\"\n  title: t\n"))
	f.Add([]byte("events:\n  - id: a\n  \tdate: \"2023\"\n"))
	f.Add([]byte("sources:\n  - id: \"a\n    title: t\n  - id: \"b\"\n"))
	f.Add([]byte("incident:\n  title: a: b\n"))
	f.Add([]byte("events:\n" + strings.Repeat("- a\n", 2000)))
	f.Add([]byte("glossary:\n  - {en: drone, ru: [беспилотник], uk: [дрон]}\n  - {en: drones, ru: [беспилотники, ''], uk: [Дрон, drone]}\n"))
	f.Add([]byte("synonyms:\n  - {ask: [uav, \"white house\", дрон, '?!'], means: drones}\n  - {ask: [UAV], means: ''}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Load("fuzz.yaml", data)
		if err == nil {
			if b == nil {
				t.Fatal("Load returned neither a base nor an error")
			}
			return
		}
		var ps Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Load error is %T, not Problems: %v", err, err)
		}
		for _, p := range ps {
			if !strings.HasPrefix(p.Error(), "fuzz.yaml") || p.Msg == "" {
				t.Fatalf("problem without file or message: %q", p.Error())
			}
		}
	})
}

// FuzzParseDate checks that a date that parses prints back as itself, is
// not zero, contains itself, and that a range does not end before it starts.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023", "2023-05", "2023-05-03", "2023-05-03T02:30+03:00", "2023-02-30", "0000-00",
		"2023-05-03/2023-05-04", "../2023-05-25", "2023-05-04/..", "2023-05-04/2023-05-03", "../..", "2023-05-03 10:00/2023-05-03 11:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if got := d.String(); got != strings.ReplaceAll(s, " ", "T") {
			t.Fatalf("ParseDate(%q).String() = %q", s, got)
		}
		if d.IsZero() || d.Human() == "" || !d.Contains(d) {
			t.Fatalf("ParseDate(%q): IsZero %v, Human %q, Contains itself %v", s, d.IsZero(), d.Human(), d.Contains(d))
		}
		if d.Before(d) {
			t.Fatalf("ParseDate(%q) is before itself", s)
		}
		if d.End != nil && !d.OpenStart && d.End.last().before(d.first()) {
			t.Fatalf("ParseDate(%q) ends before it starts", s)
		}
	})
}

// FuzzCheckArchiveURL checks that an archive link accepted is an https
// link to a known archive, with nothing that could break out of a link in
// an answer, and that a Wayback link's timestamp is a real date.
func FuzzCheckArchiveURL(f *testing.F) {
	for _, s := range []string{
		"https://web.archive.org/web/20230504120000/https://example.org/a?b=c#d",
		"https://web.archive.org/web/20230504120000id_/http://example.org/",
		"https://web.archive.org/web/20230230120000/https://example.org/a",
		"https://web.archive.org/web/19950101000000/https://example.org/a",
		"https://archive.ph/wXYZ1", "https://ARCHIVE.IS/abcd", "https://archive.ph/newest/https://example.org",
		"http://web.archive.org/web/20230504120000/https://example.org/a",
		"https://user@web.archive.org/web/20230504120000/https://example.org/a",
		"https://web.archive.org:8443/web/20230504120000/https://example.org/a",
		"https://example.org/a", "javascript:alert(1)", "https://archive.ph/ab cd", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckArchiveURL(s) != nil {
			return
		}
		u, err := url.Parse(s)
		if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" {
			t.Fatalf("CheckArchiveURL(%q) = nil for a link that is not plain https: %v", s, err)
		}
		if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			t.Fatalf("CheckArchiveURL(%q) = nil for a link with white space", s)
		}
		switch host := strings.ToLower(u.Hostname()); {
		case host == "web.archive.org":
			ts, _, _ := strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/web/"), "/")
			at, err := time.Parse("20060102150405", ts[:14])
			if err != nil || at.Year() < 1996 {
				t.Fatalf("CheckArchiveURL(%q) = nil with timestamp %q: %v", s, ts, err)
			}
		case slices.Contains(archiveTodayHosts, host):
		default:
			t.Fatalf("CheckArchiveURL(%q) = nil for host %q", s, host)
		}
	})
}

// FuzzMismatch holds Mismatch to Contains: it is empty exactly when the
// excerpt is in the text, and it never panics.
func FuzzMismatch(f *testing.F) {
	f.Add("Two drones were flown toward the Kremlin.\nThen more.", "Two drones were launched toward")
	f.Add("“We had nothing to do with this,” he said.", `"We had nothing ... he said`)
	f.Add("a b c", "")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, text, excerpt string) {
		m := Mismatch(text, excerpt)
		if (m == "") != Contains(text, excerpt) {
			t.Fatalf("Mismatch(%q, %q) = %q, but Contains is %v", text, excerpt, m, Contains(text, excerpt))
		}
	})
}

// FuzzFold holds Fold's shortcuts (ASCII text needs no quotation marks
// folded, and text spaced once no spaces) to the whole fold.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", " ", "a b", "a  b", " a", "a ", "a\tb", "“a”  ‘b’", "a\u00a0b", "a\u0085b", "Dmitry Peskov's", "x\r\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), strings.Join(strings.Fields(quoteFolder.Replace(s)), " "); got != want {
			t.Fatalf("Fold(%q) = %q; want %q", s, got, want)
		}
	})
}
