package draft

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// zeros is an endless reader of zero bytes, for a file of any size.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestReadArticleRefusals(t *testing.T) {
	tests := []struct {
		name string
		in   io.Reader
		want string
	}{
		{"empty", strings.NewReader(""), "the file is empty"},
		{"white space only", strings.NewReader(" \n\t\n"), "the file is empty"},
		{"binary", bytes.NewReader([]byte("PK\x03\x04\x00\x00 zip")), "the file is binary, not text (a zero byte at offset 4)"},
		{"not UTF-8", strings.NewReader("caf\xe9 au lait"), "not UTF-8 text (invalid bytes at offset 3)"},
		{"control characters", strings.NewReader(strings.Repeat("\x01\x02\x03 ", 50)), "the file is binary, not text"},
		{"50 MB", io.LimitReader(zeros{}, 50<<20), "the file is over 10 MiB"},
		{"HTML without text", strings.NewReader("<html><body><script>x()</script></body></html>"), "no article text"},
		{"text over 1 MiB", strings.NewReader(strings.Repeat("word ", 300_000)), "over the limit of 1024 KiB"},
	}
	for _, tt := range tests {
		_, err := ReadArticle(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: ReadArticle error = %v; want it to say %q", tt.name, err, tt.want)
		}
	}
	_, err := ReadArticle(strings.NewReader(""))
	if !errors.Is(err, ErrNoText) {
		t.Errorf("empty file: error %v is not ErrNoText", err)
	}
}

func TestReadArticleHTML(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>Kremlin says drones attacked</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Sign in</a></nav>
<article><h1>Kremlin says drones attacked</h1>
<p>Kremlin spokesman Dmitry Peskov claimed that Washington had masterminded the attack, in remarks that were widely reported on Thursday across Russian state media and beyond.</p>
<p>&ldquo;We are well aware that decisions on such a level of terrorist attacks are made not in Kyiv, but in Washington,&rdquo; he said in his daily briefing with reporters. &ldquo;Kyiv only does what it is told to do.&rdquo;</p>
<p>National Security Council spokesman John Kirby dismissed the allegation as lies in an interview on Thursday morning, saying the claim had no basis whatsoever in fact.</p>
</article>
<footer>Copyright. <a href="/terms">Terms</a></footer>
</body></html>`
	a, err := ReadArticle(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if !a.HTML || a.Title != "Kremlin says drones attacked" {
		t.Errorf("HTML = %v, Title = %q; want true and the page title", a.HTML, a.Title)
	}
	if strings.Contains(a.Text, "Sign in") || strings.Contains(a.Text, "Terms") {
		t.Errorf("the navigation and footer were kept:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, "\n\n“We are well aware") {
		t.Errorf("paragraphs are not separated by blank lines, or entities not decoded:\n%s", a.Text)
	}
	qs := Extract(a.Text, nil)
	var direct []string
	for _, q := range qs {
		if q.Kind == Direct {
			direct = append(direct, q.Speaker+": "+q.Text)
		}
	}
	want := []string{
		"Dmitry Peskov: We are well aware that decisions on such a level of terrorist attacks are made not in Kyiv, but in Washington,",
		"Dmitry Peskov: Kyiv only does what it is told to do.",
	}
	if strings.Join(direct, "\n") != strings.Join(want, "\n") {
		t.Errorf("direct quotations from HTML:\n%s\nwant:\n%s", strings.Join(direct, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlainTextIsNotHTML(t *testing.T) {
	a, err := ReadArticle(strings.NewReader("Prices rose 3% <as expected>, analysts said.\n"))
	if err != nil || a.HTML || !strings.Contains(a.Text, "<as expected>") {
		t.Errorf("ReadArticle = %+v, %v; want the plain text kept", a, err)
	}
}

// TestLargeInputs runs the extractor on the biggest texts it accepts,
// written to make every rule work hard. It asserts nothing about time
// (see BenchmarkWorstCase); a rule that went quadratic would make it run
// for minutes instead of about a second.
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, text := range []string{
		adversarial(MaxTextSize),
		strings.Repeat("“", MaxTextSize/3),
		strings.Repeat("Alan Turing said “x” and ", MaxTextSize/25),
		strings.Repeat("A"+strings.Repeat(" B", 100)+" said. ", MaxTextSize/210),
	} {
		for _, q := range Extract(text, nil) {
			if text[q.Start:q.End] != q.Text {
				t.Fatalf("quote text %q is not the article's text at %d:%d", q.Text, q.Start, q.End)
			}
		}
	}
}
