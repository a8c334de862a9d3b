package knowledge

import (
	"fmt"
	"path/filepath"
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
// all of them at once so that an admin can fix a file in one pass.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
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

// LoadFile reads, validates and indexes the knowledge file at path.
func LoadFile(path string) (*Base, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Load(filepath.Base(path), data)
}

// Load validates and indexes a knowledge file; name is used in messages.
// The error, when it is about the file's content, is a Problems.
func Load(name string, data []byte) (*Base, error) {
	defer collectOften()()
	f, ok := parseInPieces(name, data)
	if !ok {
		var ps Problems
		if f, ps = Parse(name, data); len(ps) > 0 {
			return nil, ps
		}
	}
	return newBase(name, data, f)
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
	if len(data) > MaxFileSize {
		d.addf(nil, "", "file is %d bytes, over the limit of %d MiB", len(data), MaxFileSize>>20)
		return nil, d
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.problems = append(d.problems, syntaxProblem(name, err))
		return nil, d
	}
	if len(doc.Content) == 0 {
		d.addf(nil, "", "file is empty")
		return nil, d
	}
	d.root = doc.Content[0]
	if !d.checkShape(d.root, 0) {
		return nil, d
	}
	var f File
	d.decode(d.root, reflect.ValueOf(&f).Elem(), nil)
	if len(d.problems) > 0 {
		// Cross-references are only checked on a file whose fields are
		// well-formed, so one typo is not reported three times.
		return nil, d
	}
	v := validator{decoder: d, f: &f}
	v.validate()
	return &f, d
}

var lineRE = regexp.MustCompile(`^line (\d+): `)

// syntaxProblem turns the YAML library's error into a Problem, lifting the
// line it names ("yaml: line 3: mapping values are not allowed ...").
func syntaxProblem(name string, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p := Problem{File: name}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Column = 1
		msg = msg[len(m[0]):]
	}
	p.Msg = "YAML syntax: " + msg
	return p
}

// decoder maps the YAML node tree onto the model by the struct's yaml tags.
// It keeps the tree so that later checks can point at a field's position.
type decoder struct {
	file     string
	problems Problems
	root     *yaml.Node
	structs  map[reflect.Type]*structInfo
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

func (d *decoder) addf(n *yaml.Node, path, format string, args ...any) {
	p := Problem{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	d.problems = append(d.problems, p)
}

// nodeAt finds the node of a field path such as quotes[3].speaker, or nil.
func (d *decoder) nodeAt(p string) *yaml.Node {
	n := d.root
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

// decode fills v from n. Every problem is recorded and decoding goes on, so
// that one pass reports them all.
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
	case v.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.addf(n, at.String(), "want a list, got a %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), at.item(i))
		}
		v.Set(s)
	case v.Kind() == reflect.Struct:
		d.decodeStruct(n, v, at)
	default:
		d.addf(n, at.String(), "internal: cannot decode into %s", v.Type())
	}
}

// maxFields bounds a model struct's fields, for the fixed-size arrays below.
const maxFields = 16

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, at *path) {
	if n.Kind != yaml.MappingNode {
		d.addf(n, at.String(), "want a mapping of keys to values, got a %s", kindName(n))
		return
	}
	si := d.info(v.Type())
	var vals [maxFields]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		idx, ok := si.index[key.Value]
		switch {
		case !ok:
			d.addf(key, at.field(key.Value).String(), "unknown key %q; known keys here: %s", key.Value, strings.Join(si.keys, ", "))
			continue
		case vals[idx] != nil:
			d.addf(key, at.field(key.Value).String(), "key %q given twice", key.Value)
			continue
		}
		vals[idx] = val
		d.decode(val, v.Field(idx), at.field(key.Value))
	}
	for i, required := range si.required {
		if !required || !blank(v.Field(i)) {
			continue
		}
		if vals[i] != nil {
			d.addf(vals[i], at.field(si.keys[i]).String(), "required field is empty")
		} else {
			d.addf(n, at.field(si.keys[i]).String(), "required field is missing")
		}
	}
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

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "single value"
}
