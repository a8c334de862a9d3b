package knowledge

import (
	"bytes"
	"reflect"
	"runtime"
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
// at column 0, each list's items one "- " per item at one indentation) and
// only files without a single problem. Anything else, and any problem at
// all, sends the file down the ordinary path, which parses it whole and
// reports every problem with its line and column.

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
}

// parseInPieces decodes and validates data in pieces. ok is false when the
// file is not in the plain layout or has any problem; nothing is reported
// then, and the caller parses it the ordinary way.
func parseInPieces(name string, data []byte) (f *File, ok bool) {
	if len(data) < piecesMinSize || len(data) > MaxFileSize {
		return nil, false
	}
	return parsePieces(name, data, pieceItems)
}

// parsePieces is parseInPieces for any size, with perPiece items a piece.
func parsePieces(name string, data []byte, perPiece int) (f *File, ok bool) {
	f = &File{}
	fv := reflect.ValueOf(f).Elem()
	d := &decoder{file: name}
	fileInfo := d.info(fv.Type())

	var pieces []piece
	var head []byte // the incident section, parsed whole
	seen := make([]bool, len(fileInfo.keys))
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i := 0; i < len(lines); {
		line := lines[i]
		// No piece holds this line (a comment, or a section's key), so
		// YAML's check of its characters is made here: one it would
		// refuse sends the file the ordinary way, which reports it.
		if !yamlPrintable(line) {
			return nil, false
		}
		if blankOrComment(line) {
			i++
			continue
		}
		key, isKey := topLevelKey(line)
		if !isKey {
			return nil, false
		}
		idx, known := fileInfo.index[key]
		if !known || seen[idx] {
			return nil, false
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
				return nil, false
			}
			head = bytes.Join(lines[i:end], nil)
			i = end
			continue
		}
		ps, n, ok := splitItems(lines[i+1:end], key, perPiece)
		if !ok || n == 0 {
			return nil, false // an empty or odd section: the ordinary path says what is wrong
		}
		field.Set(reflect.MakeSlice(field.Type(), n, n))
		for j := range ps {
			ps[j].list = field
		}
		pieces = append(pieces, ps...)
		i = end
	}
	for i, s := range seen {
		if !s && fileInfo.required[i] { // an optional section (glossary) may be left out
			return nil, false
		}
	}
	if !decodeHead(d, head, fv) {
		return nil, false
	}
	if !decodePieces(name, pieces) {
		return nil, false
	}
	if !validWithoutPositions(d, f) {
		return nil, false
	}
	return f, true
}

// validWithoutPositions runs the validator on a file decoded in pieces,
// which has no node tree to point at: any problem means the file goes down
// the ordinary path, which reports it with its position.
func validWithoutPositions(d *decoder, f *File) bool {
	v := validator{decoder: d, f: f}
	v.validate()
	return len(d.problems) == 0
}

// splitItems cuts a section's lines into pieces of perPiece items. Every
// line at the items' indentation must start an item, and none may be less
// indented.
func splitItems(lines [][]byte, key string, perPiece int) (ps []piece, n int, ok bool) {
	indent := -1
	start, count := 0, 0
	flush := func(end int) {
		if count > 0 {
			ps = append(ps, piece{text: bytes.Join(lines[start:end], nil), first: n - count, n: count, path: key})
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

// decodeHead decodes the incident section, parsed on its own.
func decodeHead(d *decoder, head []byte, fv reflect.Value) bool {
	var doc yaml.Node
	if head == nil || yaml.Unmarshal(head, &doc) != nil || len(doc.Content) == 0 || !d.checkShape(doc.Content[0], 0) {
		return false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || len(root.Content) != 2 {
		return false
	}
	si := d.info(fv.Type())
	idx := si.index[root.Content[0].Value]
	d.decode(root.Content[1], fv.Field(idx), (*path)(nil).field(root.Content[0].Value))
	return len(d.problems) == 0 && !blank(fv.Field(idx))
}

// decodePieces parses and decodes the pieces on every core, each worker
// with its own decoder, into their places in the File's slices.
func decodePieces(name string, pieces []piece) bool {
	work := make(chan piece)
	var bad atomic.Bool
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := &decoder{file: name}
			for p := range work {
				if !bad.Load() && !decodePiece(d, p) {
					bad.Store(true)
				}
			}
		}()
	}
	for _, p := range pieces {
		work <- p
	}
	close(work)
	wg.Wait()
	return !bad.Load()
}

func decodePiece(d *decoder, p piece) bool {
	var doc yaml.Node
	if yaml.Unmarshal(p.text, &doc) != nil || len(doc.Content) != 1 {
		return false
	}
	seq := doc.Content[0]
	// Items sit two levels down in the whole file (root, section, item).
	if seq.Kind != yaml.SequenceNode || len(seq.Content) != p.n || !d.checkShape(seq, 1) {
		return false
	}
	at := (*path)(nil).field(p.path)
	for i, item := range seq.Content {
		d.decode(item, p.list.Index(p.first+i), at.item(p.first+i))
	}
	return len(d.problems) == 0
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
