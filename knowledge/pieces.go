package knowledge

import (
	"bytes"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A large file is parsed in pieces: the YAML library builds a tree of
// nodes for whatever it parses, several times the size of the file, and
// for a whole 100,000-entry file that tree alone took most of a gigabyte
// and a third of the load's time in garbage collection. In pieces of a few
// hundred list items, parsed on every core and decoded and dropped at
// once, the tree never holds more than a few pieces.
//
// The pieces are found by lines, so this path takes only files in the
// plain block layout that admins and the generators write (top-level keys
// at column 0, each list's items one "- " per item at one indentation);
// anything else goes down the ordinary path, which parses it whole. A file
// in the plain layout is checked here in full, and its problems reported
// with their lines: a typo must not cost what parsing the whole file at
// once does (it took a 20 MB file from 222 to 821 MB). A check that points
// at a field after decoding (an unknown speaker, a duplicate id) parses
// the one piece that holds the field again to find its line.

// piecesMinSize is the size from which Load parses in pieces: below it,
// the whole tree is small and the ordinary path as fast.
const piecesMinSize = 1 << 20

// pieceItems is how many list items one piece holds.
const pieceItems = 256

// piece is a run of list items of one section, as text, and where they go.
type piece struct {
	text  []byte
	list  reflect.Value // the section's slice in the File
	first int           // index of the piece's first item in it
	n     int           // items, as counted by lines
	path  string        // the section's key, for the decoder's paths
	line  int           // lines in the file before the piece's first
}

// parsePieces decodes data into fv in pieces of perPiece items, recording
// every problem in d. plain is false when the file is not in the plain
// layout (or a piece does not parse as the lines said it would); nothing
// is recorded then, and the caller parses it whole.
func (d *decoder) parsePieces(data []byte, perPiece int, fv reflect.Value) (plain bool) {
	fileInfo := d.info(fv.Type())

	var pieces []piece
	var head []byte // the incident section, parsed whole
	headLine := 0
	seen := make([]bool, len(fileInfo.keys))
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i := 0; i < len(lines); {
		line := lines[i]
		// No piece holds this line (a comment, or a section's key), so
		// YAML's check of its characters is made here: one it would
		// refuse sends the file the ordinary way, which reports it.
		if !yamlPrintable(line) {
			return false
		}
		if blankOrComment(line) {
			i++
			continue
		}
		key, isKey := topLevelKey(line)
		if !isKey {
			return false
		}
		idx, known := fileInfo.index[key]
		if !known || seen[idx] {
			return false
		}
		seen[idx] = true
		// The section runs to the next line at column 0 that is not a
		// comment or a list item at column 0.
		end := i + 1
		for end < len(lines) && (blankOrComment(lines[end]) || indentOf(lines[end]) > 0 || startsItem(lines[end], 0)) {
			end++
		}
		field := fv.Field(idx)
		if field.Kind() != reflect.Slice {
			if head != nil {
				return false
			}
			head, headLine = bytes.Join(lines[i:end], nil), i
			i = end
			continue
		}
		ps, n, ok := splitItems(lines[i+1:end], key, perPiece)
		if !ok || n == 0 {
			return false // an empty or odd section: the ordinary path says what is wrong
		}
		field.Set(reflect.MakeSlice(field.Type(), n, n))
		for j := range ps {
			ps[j].list = field
			ps[j].line += i + 1
		}
		pieces = append(pieces, ps...)
		i = end
	}
	for i, s := range seen {
		if !s && fileInfo.required[i] { // an optional section (glossary) may be left out
			return false
		}
	}
	headOK, syntax := d.decodeHead(head, headLine, fv)
	if !headOK {
		return false
	}
	piecesOK, syntax := d.decodePieces(pieces, syntax)
	if !piecesOK {
		d.problems = nil
		return false
	}
	if len(syntax) > 0 {
		// A piece that does not parse may be the cut's fault, not the
		// file's (a quoted value running across a section's head line):
		// the ordinary path, which reads the file as YAML does, says
		// what is wrong, within the memory bound parse sets.
		d.problems, d.head = nil, nil
		return false
	}
	d.pieces = pieces
	return true
}

// splitItems cuts a section's lines into pieces of perPiece items. Every
// line at the items' indentation must start an item, and none may be less
// indented.
func splitItems(lines [][]byte, key string, perPiece int) (ps []piece, n int, ok bool) {
	indent := -1
	start, count := 0, 0
	flush := func(end int) {
		if count > 0 {
			ps = append(ps, piece{text: bytes.Join(lines[start:end], nil), first: n - count, n: count, path: key, line: start})
		}
		start, count = end, 0
	}
	for j, line := range lines {
		if blankOrComment(line) {
			continue
		}
		in := indentOf(line)
		if indent < 0 {
			indent = in
		}
		switch {
		case in < indent:
			return nil, 0, false
		case in > indent:
			if count == 0 {
				return nil, 0, false // text before the first item
			}
			continue
		case !startsItem(line, indent):
			return nil, 0, false
		}
		if count == perPiece {
			flush(j)
		}
		count++
		n++
	}
	flush(len(lines))
	return ps, n, true
}

// decodeHead decodes the incident section, parsed on its own; its lines
// start after line lines of the file. It keeps the section's tree, which
// is small, for the checks that point into it. ok is false when the
// section is not what its lines made it, or holds what refuses the whole
// file (an anchor, deep nesting); a syntax error in it is returned
// rather than recorded.
func (d *decoder) decodeHead(head []byte, line int, fv reflect.Value) (ok bool, syntax Problems) {
	var doc yaml.Node
	if head == nil {
		return false, nil
	}
	if err := yaml.Unmarshal(head, &doc); err != nil {
		return true, Problems{shifted(syntaxProblem(d.file, head, err), line)}
	}
	if len(doc.Content) == 0 {
		return false, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || len(root.Content) != 2 {
		return false, nil
	}
	shiftLines(root, line)
	// An anchor or a deep nesting refuses the whole file, as the ordinary
	// path does before it decodes anything: that path says so alone.
	if !(&decoder{file: d.file}).checkShape(root, 0) {
		return false, nil
	}
	d.head = root
	key, val := root.Content[0].Value, root.Content[1]
	field := fv.Field(d.info(fv.Type()).index[key])
	before := len(d.problems)
	d.decode(val, field, (*path)(nil).field(key))
	if len(d.problems) == before && blank(field) {
		d.addf(val, key, "required field is empty")
	}
	return true, nil
}

// decodePieces parses and decodes the pieces on every core, each worker
// with its own decoder, into their places in the File's slices, and adds
// the problems found to d's; syntax errors are added to syntax and
// returned. ok is false when a piece is not the list of items its lines
// made it, or holds what refuses the whole file (an anchor, deep
// nesting): the ordinary path then says what is wrong.
func (d *decoder) decodePieces(pieces []piece, syntax Problems) (ok bool, _ Problems) {
	work := make(chan piece)
	var (
		odd      atomic.Bool
		found    atomic.Int64 // problems found so far, to stop at MaxProblems
		mu       sync.Mutex
		problems = d.problems
	)
	found.Store(int64(len(problems) + len(syntax)))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			w := &decoder{file: d.file}
			var bad Problems
			for p := range work {
				if odd.Load() || found.Load() >= MaxProblems {
					continue
				}
				seq, err := p.parse()
				switch {
				case err != nil:
					bad = append(bad, shifted(syntaxProblem(d.file, p.text, err), p.line))
					found.Add(1)
				case seq == nil:
					odd.Store(true)
				default:
					before := len(w.problems)
					if !w.decodeItems(seq, p) {
						odd.Store(true) // the ordinary path refuses the file alone
					}
					found.Add(int64(len(w.problems) - before))
				}
			}
			mu.Lock()
			problems = append(problems, w.problems...)
			syntax = append(syntax, bad...)
			mu.Unlock()
		})
	}
	for _, p := range pieces {
		work <- p
	}
	close(work)
	wg.Wait()
	d.problems = problems.sorted()[:min(len(problems), MaxProblems)]
	return !odd.Load(), syntax
}

// decodeItems decodes the items of a piece, parsed into seq; it is false
// when the piece's shape refuses the file (an anchor, deep nesting).
func (d *decoder) decodeItems(seq *yaml.Node, p piece) bool {
	// Items sit two levels down in the whole file (root, section, item).
	if !d.checkShape(seq, 1) {
		return false
	}
	at := (*path)(nil).field(p.path)
	for i, item := range seq.Content {
		d.decodeItem(item, p.list.Index(p.first+i), at.item(p.first+i))
	}
	return true
}

// parse parses the piece's text into its list of items, with the lines of
// the whole file; the list is nil when the text is not a list of p.n
// items.
func (p piece) parse() (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(p.text, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) != 1 {
		return nil, nil
	}
	seq := doc.Content[0]
	if seq.Kind != yaml.SequenceNode || len(seq.Content) != p.n {
		return nil, nil
	}
	shiftLines(seq, p.line)
	return seq, nil
}

// pieceNode finds the node of a field path of a file parsed in pieces,
// such as quotes[3].speaker, by parsing the one piece that holds it.
func (d *decoder) pieceNode(p string) *yaml.Node {
	section := p[:strings.IndexAny(p+".", ".[")]
	if d.head != nil && section == d.head.Content[0].Value {
		return walk(d.head, p)
	}
	rest, ok := strings.CutPrefix(p, section+"[")
	j := strings.IndexByte(rest, ']')
	if !ok || j < 0 {
		return nil
	}
	i, err := strconv.Atoi(rest[:j])
	if err != nil {
		return nil
	}
	// A section's pieces are next to each other, in order.
	from := slices.IndexFunc(d.pieces, func(q piece) bool { return q.path == section })
	if from < 0 {
		return nil
	}
	run := d.pieces[from:]
	run = run[:sort.Search(len(run), func(k int) bool { return run[k].path != section })]
	k := sort.Search(len(run), func(k int) bool { return run[k].first+run[k].n > i })
	if k == len(run) || i < run[k].first {
		return nil
	}
	if d.parsed.seq == nil || d.parsed.k != from+k {
		seq, _ := run[k].parse()
		if seq == nil {
			return nil
		}
		d.parsed.k, d.parsed.seq = from+k, seq
	}
	return walk(d.parsed.seq.Content[i-run[k].first], rest[j+1:])
}

// shiftLines adds lines to the line of every node of a piece's tree, so
// that they count from the top of the file.
func shiftLines(n *yaml.Node, lines int) {
	n.Line += lines
	for _, c := range n.Content {
		shiftLines(c, lines)
	}
}

func shifted(p Problem, lines int) Problem {
	if p.Line > 0 {
		p.Line += lines
	}
	return p
}

func blankOrComment(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	return len(bytes.TrimSpace(t)) == 0 || t[0] == '#'
}

// indentOf counts a line's leading spaces; a tab counts as deep, so that a
// line indented with one is never taken for an item or a key.
func indentOf(line []byte) int {
	for i, c := range line {
		switch c {
		case ' ':
			continue
		case '\t':
			return 1 << 20
		}
		return i
	}
	return len(line)
}

// topLevelKey recognises "key:" alone on a line at column 0.
func topLevelKey(line []byte) (string, bool) {
	t := bytes.TrimRight(line, " \r\n")
	if len(t) < 2 || t[len(t)-1] != ':' {
		return "", false
	}
	key := t[:len(t)-1]
	for _, c := range key {
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return "", false
		}
	}
	return string(key), true
}

// startsItem reports whether line is "- ..." or "-" at indentation indent.
func startsItem(line []byte, indent int) bool {
	if indentOf(line) != indent || len(line) <= indent || line[indent] != '-' {
		return false
	}
	rest := line[indent+1:]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\n' || rest[0] == '\r'
}

// yamlPrintable reports whether every character of line is one YAML
// allows in a stream (YAML 1.2, 5.1: tab, line breaks, printable ASCII,
// NEL and the printable rest of Unicode), as the YAML library checks.
func yamlPrintable(line []byte) bool {
	for len(line) > 0 {
		r, n := utf8.DecodeRune(line)
		switch {
		case r == utf8.RuneError && n == 1:
			return false
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85,
			r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF, r >= 0x10000:
		default:
			return false
		}
		line = line[n:]
	}
	return true
}
