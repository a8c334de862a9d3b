// Package corpus keeps evaluation bases built from the third-party articles
// of the shared quotation corpus (shared/corpora/news-quotes) without
// copying their text into the repository: a base is kept as a template
// whose excerpts and quotes are byte offsets into an article, written
// {{corpus "FILE" START END}}, and Render puts the words back at test
// time. Nothing the bot runs imports it.
package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"
)

// Render returns the knowledge file a template stands for, reading the
// articles it cites from dir. Each {{corpus "FILE" START END}} becomes the
// article's bytes [START, END) as a YAML double-quoted string.
func Render(tmpl []byte, dir string) ([]byte, error) {
	articles := map[string][]byte{}
	funcs := template.FuncMap{"corpus": func(file string, start, end int) (string, error) {
		text, ok := articles[file]
		if !ok {
			b, err := os.ReadFile(filepath.Join(dir, filepath.Base(file)))
			if err != nil {
				return "", err
			}
			text, articles[file] = b, b
		}
		if start < 0 || end > len(text) || start >= end {
			return "", fmt.Errorf("corpus %q %d %d: outside the article's %d bytes", file, start, end, len(text))
		}
		// JSON's string syntax is a subset of YAML's double-quoted scalars.
		q, err := json.Marshal(string(text[start:end]))
		return string(q), err
	}}
	t, err := template.New("base").Delims("{{", "}}").Funcs(funcs).Parse(string(tmpl))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := t.Execute(&out, nil); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// quoted matches a YAML double-quoted scalar on one line.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// Templatize is Render's inverse for a reviewed base: every double-quoted
// string of at least minLen bytes found word for word in one of the
// articles of dir becomes a {{corpus}} reference to it. Strings found in
// no article (names, notes) are kept as they are.
func Templatize(yaml []byte, dir string, minLen int) ([]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type article struct {
		name string
		text string
	}
	var articles []article
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			articles = append(articles, article{e.Name(), string(b)})
		}
	}
	return quoted.ReplaceAllFunc(yaml, func(q []byte) []byte {
		s, err := strconv.Unquote(string(q))
		if err != nil || len(s) < minLen {
			return q
		}
		for _, a := range articles {
			if i := strings.Index(a.text, s); i >= 0 {
				return fmt.Appendf(nil, "{{corpus %q %d %d}}", a.name, i, i+len(s))
			}
		}
		return q
	}), nil
}
