package knowledge

import (
	"fmt"
	"strings"
	"unicode"
)

// SynonymWords are the words of a synonyms entry's phrase, lower case: a
// run of letters, digits, apostrophes and hyphens is one word.
func SynonymWords(phrase string) []string {
	return strings.FieldsFunc(strings.ToLower(phrase), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
	})
}

// synonyms checks the synonyms section: each phrase is English words, a
// phrase a question may use stands for one meaning only, and the
// sources' words are words of the file, or the synonym could never match.
func (v *validator) synonyms() {
	words := v.fileWords()
	first := map[string]string{}
	for i, s := range v.f.Synonyms {
		p := fmt.Sprintf("synonyms[%d]", i)
		for j, a := range s.Ask {
			ap := fmt.Sprintf("%s.ask[%d]", p, j)
			ws := SynonymWords(a)
			if len(ws) == 0 || hasCyrillic(a) {
				v.problemAt(ap, "want English words, got %q", a)
				continue
			}
			key := strings.Join(ws, " ")
			if prev, dup := first[key]; dup {
				v.problemAt(ap, "%q is also %s (line %d)", a, prev, v.lineOf(prev))
				continue
			}
			first[key] = ap
		}
		if strings.TrimSpace(s.Means) == "" {
			continue // reported as a missing field
		}
		for _, w := range SynonymWords(s.Means) {
			if !words[w] {
				v.problemAt(p+".means", "%q is in no entry or name of this file", w)
			}
		}
	}
}

// fileWords are the words of the file's entries (their excerpts, quotes,
// titles, summaries and statements) and names, lower case, as
// SynonymWords reads them and each part of a hyphenated word.
func (v *validator) fileWords() map[string]bool {
	if len(v.f.Synonyms) == 0 {
		return nil
	}
	words := map[string]bool{}
	add := func(text string) {
		for _, w := range SynonymWords(text) {
			words[w] = true
			for _, part := range strings.Split(w, "-") {
				words[part] = true
			}
		}
	}
	cited := func(cs []Citation) {
		for _, c := range cs {
			add(c.Excerpt)
		}
	}
	for _, p := range v.f.People {
		add(p.Name)
		for _, a := range p.Aliases {
			add(a)
		}
	}
	add(v.f.Incident.Title)
	add(v.f.Incident.Summary)
	for _, e := range v.f.Events {
		add(e.Title)
		add(e.Summary)
		cited(e.Citations)
	}
	for _, q := range v.f.Quotes {
		add(q.Text)
		add(q.Context)
		cited(q.Citations)
	}
	for _, c := range v.f.Claims {
		add(c.Statement)
		for _, p := range c.Positions {
			cited(p.Citations)
		}
	}
	return words
}
