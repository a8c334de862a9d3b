package knowledge

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds a knowledge file. It leaves room for a base of 100,000
// entries while refusing a file that would exhaust memory.
const MaxFileSize = 64 << 20

// maxDepth bounds nesting: the format needs five levels, and a deeper file
// is either a mistake or an attack on the parser.
const maxDepth = 12

// Problem is one thing wrong with a knowledge file, at a position.
type Problem struct {
	File         string
	Line, Column int
	// Path is the field, as in quotes[3].speaker; empty for syntax errors.
	Path string
	Msg  string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Line, p.Column)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in a file, in file order. Loading reports
// all of them at once so that an admin can fix a file in one pass, up to
// MaxProblems: past that, checking stops, since a file that broken needs
// its first problems fixed before any later one means much.
type Problems []Problem

// MaxProblems bounds the problems collected from one file, and
// ShownProblems those Error lists, so that a file of a million broken lines
// costs neither a million messages nor the memory for them.
const (
	MaxProblems   = 1000
	ShownProblems = 100
)

// Error lists the first ShownProblems problems, one a line, and how many
// more there are.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps[:min(len(ps), ShownProblems)] {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	if n := len(ps) - ShownProblems; n > 0 {
		fmt.Fprintf(&b, "\n%s: and %s", ps[0].File, ps.countMore(n))
	}
	return b.String()
}

// Count says how many problems there are: "3 problems", or "1000 or more
// problems" when checking stopped at the bound.
func (ps Problems) Count() string {
	switch {
	case len(ps) >= MaxProblems:
		return fmt.Sprintf("%d or more problems (checking stopped there)", MaxProblems)
	case len(ps) == 1:
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", len(ps))
}

func (ps Problems) countMore(n int) string {
	if len(ps) >= MaxProblems {
		return fmt.Sprintf("at least %d more problems (checking stopped at %d)", n, MaxProblems)
	}
	if n == 1 {
		return "1 more problem"
	}
	return fmt.Sprintf("%d more problems", n)
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Column < ps[j].Column
	})
	return ps
}

// LoadFile reads, validates and indexes the knowledge file at path, named
// in messages as ReadFile names it.
func LoadFile(path string) (*Base, error) { return (*Snapshots)(nil).LoadFile(path) }

// Load validates and indexes a knowledge file; name is used in messages.
// The error, when it is about the file's content, is a Problems.
func Load(name string, data []byte) (*Base, error) { return (*Snapshots)(nil).Load(name, data) }

// load is Load of data whose SHA-256 is sum, which a reload has already
// worked out to compare with the loaded base's.
func load(name string, data []byte, sum [sha256.Size]byte) (*Base, error) {
	f, ps := Parse(name, data)
	if len(ps) > 0 {
		return nil, ps
	}
	return newBase(name, sum, f)
}

// Parse decodes and validates a knowledge file without indexing it,
// returning every problem found.
func Parse(name string, data []byte) (*File, Problems) {
	f, d := parse(name, data)
	if len(d.problems) > 0 {
		return nil, d.problems.sorted()
	}
	return f, nil
}

// parse returns the decoder too, whose positions later checks point at.
func parse(name string, data []byte) (*File, *decoder) {
	d := &decoder{file: name}
	var f File
	if !d.read(data, reflect.ValueOf(&f).Elem()) || d.full() {
		return nil, d
	}
	// Cross-references are checked even when some fields are malformed, so
	// that a typo in a speaker is not hidden behind a bad date. A field
	// that could not be decoded is left empty, and the checks skip empty
	// values, so one mistake is not reported twice.
	v := validator{decoder: d, f: &f}
	v.validate()
	return &f, d
}

// read decodes data into v, a File (or, in tests, another struct of
// lists), within the memory bound: a large file in the plain layout in
// pieces, any other whole. It is false when nothing could be decoded (a
// syntax error, an empty file, a file out of bounds), the problem
// recorded.
func (d *decoder) read(data []byte, v reflect.Value) bool {
	if len(data) > MaxFileSize {
		d.addf(nil, "", "file is %d bytes, over the limit of %d MiB", len(data), MaxFileSize>>20)
		return false
	}
	s, ok := d.bound(data)
	if !ok {
		return false
	}
	if len(data) >= piecesMinSize {
		if !d.fits(data, s, piecesCost) {
			return false
		}
		if d.parsePieces(data, pieceItems, v) {
			return true
		}
		v.SetZero() // what the pieces path had decoded before it gave up
	}
	if !d.fits(data, s, wholeCost) {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.problems = append(d.problems, syntaxProblem(d.file, data, err))
		return false
	}
	if len(doc.Content) == 0 {
		d.addf(nil, "", "file is empty")
		return false
	}
	d.root = doc.Content[0]
	if !d.checkShape(d.root, 0) {
		return false
	}
	d.decode(d.root, v, nil)
	return true
}

var lineRE = regexp.MustCompile(`^line (\d+): `)

// syntaxProblem turns the YAML library's error into a Problem at the line
// the admin must fix, with a hint for the common mistakes. The library
// names the line where the enclosing block starts ("did not find expected
// '-' indicator" can point at a comment sixty lines above a dedented line),
// so the line is found again by a second pass: the first line at which
// the file stops parsing.
func syntaxProblem(name string, data []byte, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p := Problem{File: name}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Column = 1
		msg = msg[len(m[0]):]
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if n := firstBadLine(lines, p.Line); n > 0 {
		p.Line = n
		p.Column = 1 + len(lines[n-1]) - len(bytes.TrimLeft(lines[n-1], " \t"))
		if open := unclosedQuote(lines, n); open > 0 {
			// The quoted value ran on to where the next quotation mark
			// happened to close it; the mistake is where it opened.
			p.Line, msg = open, "a quoted value starts on this line and is not closed on it"
			p.Column = 1 + bytes.IndexByte(lines[open-1], '"')
		}
	}
	p.Msg = "YAML syntax: " + msg
	if p.Line > 0 && p.Line <= len(lines) {
		if h := syntaxHint(msg, lines[p.Line-1], lineBefore(lines, p.Line)); h != "" {
			p.Msg += "; " + h
		}
	}
	return p
}

// maxSecondPass bounds the bytes the second pass of syntaxProblem parses
// again, from the line the library names to the end of the file: it parses
// about 2·log2(lines) pieces of it.
const maxSecondPass = 2 << 20

// firstBadLine finds the first line at which the file stops parsing, or 0.
// The library names the line where the construct it was reading starts
// (from, 1-based), so the mistake is on it or after it: the search parses
// pieces of the file from there (lines[from-1:n]), growing n by doubling
// and then by bisection, which costs in proportion to how far the mistake
// is from that line rather than to the file's size. When the piece cannot
// start there (a line indented deeper than the ones after it), it starts
// from the top. A piece cut inside a quoted text or a flow list can fail
// only for being cut ("end of stream"); such a cut counts as parsing, so
// that the search is not led astray by it.
func firstBadLine(lines [][]byte, from int) int {
	start := max(from-1, 0)
	fails := func(n int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(bytes.Join(lines[start:n], nil), &doc)
		return err != nil && !strings.Contains(err.Error(), "end of stream")
	}
	if start >= len(lines) || fails(start+1) {
		start = 0
	}
	size := 0
	for _, l := range lines[start:] {
		size += len(l)
	}
	if size > maxSecondPass {
		return 0
	}
	lo, hi := start, start+1 // lines[start:lo] parses; lines[start:hi] is tried next
	for step := 1; !fails(hi); step *= 2 {
		if hi == len(lines) {
			return 0
		}
		lo, hi = hi, min(len(lines), start+2*step)
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// maxQuoteLines bounds how far unclosedQuote looks back.
const maxQuoteLines = 50

// unclosedQuote returns the line a quoted value opened on when the file up
// to the line before bad is cut inside a quoted value that began within
// maxQuoteLines lines, or 0. Each try parses the file from its top, so a
// file longer than maxSecondPass up to there is not tried: its error keeps
// the line the first search found.
func unclosedQuote(lines [][]byte, bad int) int {
	size := 0
	for _, l := range lines[:bad-1] {
		size += len(l)
	}
	if size > maxSecondPass {
		return 0
	}
	cut := func(n int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(bytes.Join(lines[:n], nil), &doc)
		return err != nil && strings.Contains(err.Error(), "end of stream")
	}
	open := 0
	for n := bad - 1; n > 0 && bad-n <= maxQuoteLines && cut(n); n-- {
		open = n
	}
	if open > 0 && bytes.IndexByte(lines[open-1], '"') < 0 {
		return 0
	}
	return open
}

// syntaxHint says what the common mistakes behind a syntax error look like
// on the line.
func syntaxHint(msg string, line, before []byte) string {
	indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
	switch {
	case bytes.ContainsRune(indent, '\t') || (strings.Contains(msg, "cannot start any token") && bytes.ContainsRune(line, '\t')):
		return "this line is indented with a tab; indent with spaces only"
	case strings.Contains(msg, "mapping values are not allowed") && overIndented(line, before):
		// "key: value" then a key indented deeper: YAML reads the
		// second line as more of the first one's value.
		return "this line is indented deeper than the key on the line above it; line its key up with that one"
	case strings.Contains(msg, "mapping values are not allowed"):
		return "a colon followed by a space inside an unquoted value; put the value in double quotes"
	case strings.Contains(msg, "did not find expected"), strings.Contains(msg, "block mapping"):
		return "check this line's indentation: it must line up with the other keys of its entry, or with the \"- \" of its list"
	case strings.Contains(msg, "quoted value"):
		return `end it with a " (and write a " inside it as \")`
	case strings.Contains(msg, "end of stream"):
		return "a quotation mark or bracket is not closed"
	}
	return ""
}

// lineBefore is the last line before line n (1-based) that is neither
// blank nor a comment, or nil.
func lineBefore(lines [][]byte, n int) []byte {
	for i := n - 2; i >= 0; i-- {
		if t := bytes.TrimSpace(lines[i]); len(t) > 0 && t[0] != '#' {
			return lines[i]
		}
	}
	return nil
}

// overIndented reports whether line is a key indented deeper than the key
// of before, whose value is already on its own line ("kind: direct").
func overIndented(line, before []byte) bool {
	keyAt := func(l []byte) int {
		t := bytes.TrimLeft(l, " ")
		at := len(l) - len(t)
		if rest, ok := bytes.CutPrefix(t, []byte("- ")); ok {
			at += 2 + len(rest) - len(bytes.TrimLeft(rest, " "))
		}
		return at
	}
	_, value, ok := bytes.Cut(before, []byte(": "))
	return ok && len(bytes.TrimSpace(value)) > 0 && keyAt(line) > keyAt(before)
}

// decoder maps the YAML node tree onto the model by the struct's yaml tags.
// It keeps the tree so that later checks can point at a field's position;
// of a file parsed in pieces, it keeps the pieces instead.
type decoder struct {
	file     string
	problems Problems
	root     *yaml.Node
	structs  map[reflect.Type]*structInfo
	seen     []fieldSeen // see decodeStruct
	// Of a file parsed in pieces: the incident section's tree, every
	// piece, and the last piece parsed again to find a field in it.
	head   *yaml.Node
	pieces []piece
	parsed struct {
		k   int
		seq *yaml.Node
	}
}

// structInfo is a model struct's fields by yaml key, worked out once per
// type rather than once per entry.
type structInfo struct {
	index    map[string]int
	keys     []string // in declaration order, for messages
	required []bool
}

func (d *decoder) info(t reflect.Type) *structInfo {
	if si, ok := d.structs[t]; ok {
		return si
	}
	si := &structInfo{index: map[string]int{}}
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		si.index[name] = i
		si.keys = append(si.keys, name)
		si.required = append(si.required, opts != "omitempty")
	}
	if d.structs == nil {
		d.structs = map[reflect.Type]*structInfo{}
	}
	d.structs[t] = si
	return si
}

// path is where a value sits in the file. It is built as the decoder
// descends and written out ("quotes[3].speaker") only for a problem.
type path struct {
	parent *path
	key    string // a mapping key; "" for a list item
	index  int
}

func (p *path) field(key string) *path { return &path{parent: p, key: key} }
func (p *path) item(i int) *path       { return &path{parent: p, index: i} }

func (p *path) String() string {
	if p == nil {
		return ""
	}
	parent := p.parent.String()
	if p.key == "" {
		return fmt.Sprintf("%s[%d]", parent, p.index)
	}
	if parent == "" {
		return p.key
	}
	return parent + "." + p.key
}

// full reports whether the decoder has collected MaxProblems problems and
// stopped checking.
func (d *decoder) full() bool { return len(d.problems) >= MaxProblems }

func (d *decoder) addf(n *yaml.Node, path, format string, args ...any) {
	if d.full() {
		return
	}
	p := Problem{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	d.problems = append(d.problems, p)
}

// nodeAt finds the node of a field path such as quotes[3].speaker, or nil.
func (d *decoder) nodeAt(p string) *yaml.Node {
	if d.root != nil {
		return walk(d.root, p)
	}
	// Parsed in pieces, which may be the head alone (a file whose lists
	// are all empty).
	return d.pieceNode(p)
}

// walk finds the node of a field path from n.
func walk(n *yaml.Node, p string) *yaml.Node {
	for p != "" && n != nil {
		if p[0] == '[' {
			j := strings.IndexByte(p, ']')
			i, err := strconv.Atoi(p[1:max(j, 1)])
			if j < 0 || err != nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
				return nil
			}
			n, p = n.Content[i], p[j+1:]
			continue
		}
		p = strings.TrimPrefix(p, ".")
		j := strings.IndexAny(p, ".[")
		if j < 0 {
			j = len(p)
		}
		key := p[:j]
		p = p[j:]
		var next *yaml.Node
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

// lineOf is the line of the node of path, 0 when there is none.
func (d *decoder) lineOf(path string) int {
	if n := d.nodeAt(path); n != nil {
		return n.Line
	}
	return 0
}

// problemAt records a problem at the node of path, or at the nearest
// enclosing field that was in the file.
func (d *decoder) problemAt(path, format string, args ...any) {
	n := d.nodeAt(path)
	for p := path; n == nil && p != ""; {
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
		n = d.nodeAt(p)
	}
	d.addf(n, path, format, args...)
}

// checkShape refuses anchors, aliases and deep nesting before anything is
// decoded, which is what defeats alias bombs ("billion laughs").
func (d *decoder) checkShape(n *yaml.Node, depth int) bool {
	if depth > maxDepth {
		d.addf(n, "", "nested more than %d levels deep", maxDepth)
		return false
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.addf(n, "", "YAML anchors and aliases (& and *) are not allowed in a knowledge file; write the value out")
		return false
	}
	for _, c := range n.Content {
		if !d.checkShape(c, depth+1) {
			return false
		}
	}
	return true
}

var dateType = reflect.TypeFor[Date]()

// decode fills v from n, by v's type: any struct of the model (its
// fields by their yaml tags), list, text, Date, true or false, or number.
// Every problem is recorded and decoding goes on, so that one pass
// reports them all.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, at *path) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // an empty value; "required" is checked by the caller
	}
	switch {
	case v.Type() == dateType:
		if n.Kind != yaml.ScalarNode {
			d.addf(n, at.String(), "want a date such as \"2023-05-03\", got a %s", kindName(n))
			return
		}
		date, err := ParseDate(n.Value)
		if err != nil {
			d.addf(n, at.String(), "%v", err)
			return
		}
		v.Set(reflect.ValueOf(date))
	case v.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.addf(n, at.String(), "want text, got a %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case v.Kind() == reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.addf(n, at.String(), "want true or false, got %s", scalarName(n))
			return
		}
		v.SetBool(strings.EqualFold(n.Value, "true"))
	case v.CanInt() || v.CanUint() || v.CanFloat():
		d.decodeNumber(n, v, at)
	case v.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.addf(n, at.String(), "want a list, got a %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			if d.full() {
				break
			}
			d.decodeItem(c, s.Index(i), at.item(i))
		}
		v.Set(s)
	case v.Kind() == reflect.Struct:
		d.decodeStruct(n, v, at)
	default:
		d.addf(n, at.String(), "internal: cannot decode into %s", v.Type())
	}
}

// decodeItem fills v from n, an item of a list.
func (d *decoder) decodeItem(n *yaml.Node, v reflect.Value, at *path) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && v.Kind() == reflect.Struct && v.Type() != dateType {
		// An empty item ("-" alone) is an entry with no fields, whose
		// required ones are missing.
		n = &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
	}
	d.decode(n, v, at)
}

// decodeNumber reads a number as the YAML library does (12, -3, 0x1F,
// 1_000, 2.5). A quoted value is text, even "12", and is refused, as the
// library refuses it; so is a fraction for a whole number, which the
// library would cut to one.
func (d *decoder) decodeNumber(n *yaml.Node, v reflect.Value, at *path) {
	whole := v.CanInt() || v.CanUint()
	want := "a number"
	if whole {
		want = "a whole number"
	}
	if n.Kind != yaml.ScalarNode {
		d.addf(n, at.String(), "want %s, got a %s", want, kindName(n))
		return
	}
	tag := n.ShortTag()
	if (whole && tag != "!!int") || n.Decode(v.Addr().Interface()) != nil {
		// A whole number out of the field's range: the library reads one
		// past 64 bits as a fraction.
		if _, isWhole := new(big.Int).SetString(strings.ReplaceAll(n.Value, "_", ""), 0); whole && isWhole && (tag == "!!int" || tag == "!!float") {
			bits := v.Type().Bits()
			if v.CanInt() {
				top := int64(math.MaxInt64) >> (64 - bits)
				want = fmt.Sprintf("a whole number from %d to %d", -top-1, top)
			} else {
				want = fmt.Sprintf("a whole number from 0 to %d", uint64(math.MaxUint64)>>(64-bits))
			}
		}
		d.addf(n, at.String(), "want %s, got %s", want, scalarName(n))
	}
}

// fieldSeen is, while a struct is decoded, one of its fields: the node of
// its value, and whether that failed to decode (and was reported, so not
// also as empty).
type fieldSeen struct {
	val    *yaml.Node
	failed bool
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, at *path) {
	if n.Kind != yaml.MappingNode {
		d.addf(n, at.String(), "want a mapping of keys to values, got a %s", kindName(n))
		return
	}
	si := d.info(v.Type())
	// The fields of the structs being decoded, innermost last, are a
	// stack on the decoder: a struct may have any number of fields, and
	// an entry costs no allocation for them.
	top := len(d.seen)
	d.seen = append(d.seen, make([]fieldSeen, len(si.keys))...)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		idx, ok := si.index[key.Value]
		switch {
		case !ok:
			d.addf(key, at.field(key.Value).String(), "unknown key %q; known keys here: %s", key.Value, strings.Join(si.keys, ", "))
			continue
		case d.seen[top+idx].val != nil:
			d.addf(key, at.field(key.Value).String(), "key %q given twice", key.Value)
			continue
		}
		d.seen[top+idx].val = val
		before := len(d.problems)
		d.decode(val, v.Field(idx), at.field(key.Value))
		d.seen[top+idx].failed = len(d.problems) > before || d.full()
	}
	for i, required := range si.required {
		f := d.seen[top+i]
		if !required || f.failed || !blank(v.Field(i)) {
			continue
		}
		if f.val != nil {
			d.addf(f.val, at.field(si.keys[i]).String(), "required field is empty")
		} else {
			d.addf(n, at.field(si.keys[i]).String(), "required field is missing")
		}
	}
	clear(d.seen[top:]) // the nodes, for the collector
	d.seen = d.seen[:top]
}

// blank reports whether a required field holds nothing: an empty list
// (an item with "citations: []" would have no source), or text that is
// only white space, counts as missing.
func blank(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice:
		return v.Len() == 0
	case reflect.String:
		return strings.TrimSpace(v.String()) == ""
	}
	return v.IsZero()
}

// scalarName is a value as a problem quotes it: a single value's text,
// else its kind.
func scalarName(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return "a " + kindName(n)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "single value"
}
