package draft

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
)

// MaxInputSize bounds the file an article is read from: a saved news page
// with its markup is at most a few megabytes.
const MaxInputSize = 10 << 20

// MaxTextSize bounds an article's text, once any HTML is stripped. The
// longest news articles are well under 100 KB.
const MaxTextSize = 1 << 20

// maxElements bounds the HTML elements the readability parser walks.
const maxElements = 100_000

// Article is the text quotations are drafted from.
type Article struct {
	// Text is the article's plain text, paragraphs separated by blank
	// lines. It is what the draft's archive file holds, so every excerpt
	// can be checked against it word for word.
	Text string
	// Title is the HTML page's title, if the input was HTML.
	Title string
	// HTML reports whether the input was HTML.
	HTML bool
}

// ErrNoText is returned for input with nothing to draft from.
var ErrNoText = errors.New("no text")

// ReadArticle reads an article from r, as plain text or HTML, refusing
// anything over MaxInputSize without reading past it, and binary or empty
// input, with a message that says which.
func ReadArticle(r io.Reader) (Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return Article{}, fmt.Errorf("reading the article: %w", err)
	}
	if len(data) > MaxInputSize {
		return Article{}, fmt.Errorf("the file is over %d MiB; a news article, even saved with its web page, is far smaller, so this is not one", MaxInputSize>>20)
	}
	return ParseArticle(data)
}

// ParseArticle turns an article's bytes into its text.
func ParseArticle(data []byte) (Article, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return Article{}, fmt.Errorf("the file is empty: %w", ErrNoText)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return Article{}, fmt.Errorf("the file is binary, not text (a zero byte at offset %d); give the article as plain text or HTML", i)
	}
	if !utf8.Valid(data) {
		return Article{}, fmt.Errorf("the file is not UTF-8 text (invalid bytes at offset %d); save the article as UTF-8 plain text or HTML", invalidAt(data))
	}
	if n := controlRunes(data); n > len(data)/100+4 {
		return Article{}, fmt.Errorf("the file is binary, not text (%d control characters); give the article as plain text or HTML", n)
	}
	a := Article{Text: string(data)}
	if looksHTML(data) {
		var err error
		if a, err = fromHTML(data); err != nil {
			return Article{}, err
		}
	}
	a.Text = tidy(a.Text)
	if strings.TrimSpace(a.Text) == "" {
		return Article{}, fmt.Errorf("the page has no article text: %w", ErrNoText)
	}
	if len(a.Text) > MaxTextSize {
		return Article{}, fmt.Errorf("the article's text is %d KiB, over the limit of %d KiB; a news article is far shorter", len(a.Text)>>10, MaxTextSize>>10)
	}
	return a, nil
}

func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, w := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && w <= 1 {
			return i
		}
		i += w
	}
	return len(data)
}

// controlRunes counts control characters other than white space.
func controlRunes(data []byte) int {
	n := 0
	for _, r := range string(data) {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			n++
		}
	}
	return n
}

var htmlStart = regexp.MustCompile(`(?i)^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|main|section|span|h[1-6]|link|script|style)\b`)

// looksHTML reports whether data is an HTML page or fragment rather than
// plain text that happens to contain a "<".
func looksHTML(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return htmlStart.Match(head)
}

// fromHTML extracts the readable body of an HTML page with the
// readability algorithm (as browsers' reader views do).
func fromHTML(data []byte) (Article, error) {
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	art, err := p.Parse(bytes.NewReader(data), nil)
	if err != nil {
		if strings.Contains(err.Error(), "too large") {
			return Article{}, fmt.Errorf("the HTML page has over %d elements; save the article alone, or as plain text", maxElements)
		}
		return Article{}, fmt.Errorf("reading the HTML page: %w", err)
	}
	if art.Node == nil {
		return Article{}, fmt.Errorf("the HTML page has no article text: %w", ErrNoText)
	}
	return Article{Text: render.InnerText(art.Node), Title: strings.TrimSpace(art.Title()), HTML: true}, nil
}

var (
	blankRuns  = regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`)
	spaceRuns  = regexp.MustCompile(`[ \t\x{00a0}]+`)
	lineSpaces = regexp.MustCompile(`(?m)^[ \t]+|[ \t]+$`)
)

// tidy normalises line ends and spacing, so that paragraphs are separated
// by exactly one blank line.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = spaceRuns.ReplaceAllString(s, " ")
	s = lineSpaces.ReplaceAllString(s, "")
	s = blankRuns.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s) + "\n"
}
