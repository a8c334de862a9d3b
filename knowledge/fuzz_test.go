package knowledge

import (
	"errors"
	"os"
	"strings"
	"testing"
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
