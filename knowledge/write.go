package knowledge

import (
	"bytes"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Marshal writes f as a knowledge file. It is the one writer of entries
// (kb init, kb draft and kb synth write through it), and it writes every
// field the model has, by the model's yaml tags, as the decoder reads
// them (TestMarshalRoundTrip, FuzzMarshal): fields in the model's order,
// an empty field left out, two spaces a level. Every text is
// double-quoted, so that no text of an article can change the file's
// shape or be read back as a number, a date or null, and a text is one
// line whatever it holds (a list of texts too, in brackets), which the
// pieces path and kb draft's merge rely on.
//
// comments maps the path of a field or list item, as problems name it
// ("quotes[2]", "incident.summary"), to lines written as comments above
// it, each made one line by CommentLine.
func Marshal(f *File, comments map[string][]string) []byte {
	return marshal(reflect.ValueOf(f).Elem(), comments)
}

// marshal writes v, a struct of the form of a File, one top-level field
// at a time and each entry of a list on its own: the library's encoder
// keeps every event of a document until the document ends, which made a
// 100,000-entry file written whole take twice as long.
func marshal(v reflect.Value, comments map[string][]string) []byte {
	w := writer{comments: comments}
	var b []byte
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		if isZero(f) {
			continue
		}
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		at := (*path)(nil).field(name)
		if f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Struct {
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, HeadComment: w.comment(at)}
			b = append(b, encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, w.node(f, at)}})...)
			continue
		}
		// A section's key is a word of a yaml tag, written as it is.
		for _, c := range w.commentLines(at) {
			b = append(append(b, c...), '\n')
		}
		b = append(b, name+":\n"...)
		for j := range f.Len() {
			item := w.node(f.Index(j), at.item(j))
			item.HeadComment = w.comment(at.item(j))
			for _, line := range bytes.SplitAfter(encode(&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{item}}), []byte("\n")) {
				if len(line) > 0 {
					b = append(append(b, "  "...), line...)
				}
			}
		}
	}
	return b
}

// encode writes n with the library, two spaces a level. Every text is one
// line, so its lines may be indented further.
func encode(n *yaml.Node) []byte {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	err := e.Encode(n)
	if err == nil {
		err = e.Close()
	}
	if err != nil {
		// The encoder fails only on text that is not UTF-8, and node
		// writes every text as UTF-8.
		panic("internal: writing YAML: " + err.Error())
	}
	return b.Bytes()
}

// writer builds the node tree of a value of the model.
type writer struct{ comments map[string][]string }

func (w writer) node(v reflect.Value, at *path) *yaml.Node {
	switch {
	case v.Type() == dateType:
		return text(v.Interface().(Date).String())
	case v.Kind() == reflect.String:
		return text(v.String())
	case v.Kind() == reflect.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v.Bool())}
	case v.CanInt():
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int(), 10)}
	case v.CanUint():
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatUint(v.Uint(), 10)}
	case v.CanFloat():
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: formatFloat(v.Float(), v.Type().Bits())}
	case v.Kind() == reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if v.Type().Elem().Kind() != reflect.Struct {
			n.Style = yaml.FlowStyle
		}
		for i := range v.Len() {
			item := w.node(v.Index(i), at.item(i))
			item.HeadComment = w.comment(at.item(i))
			n.Content = append(n.Content, item)
		}
		return n
	case v.Kind() == reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode}
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			f := v.Field(i)
			if isZero(f) {
				continue
			}
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, HeadComment: w.comment(at.field(name))}
			n.Content = append(n.Content, key, w.node(f, at.field(name)))
		}
		return n
	}
	// The model has no other kind of field (TestModelKinds).
	panic("internal: cannot write " + v.Type().String())
}

// comment is the comments above the value at a path, as a node's.
func (w writer) comment(at *path) string { return strings.Join(w.commentLines(at), "\n") }

func (w writer) commentLines(at *path) []string {
	if w.comments == nil {
		return nil
	}
	lines := w.comments[at.String()]
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "# " + CommentLine(l)
	}
	return out
}

// text is a double-quoted text. A text that is not UTF-8, which no YAML
// file can hold (Load refuses it, as kb draft refuses such an article),
// has its invalid bytes written as U+FFFD.
func text(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.ToValidUTF8(s, "\uFFFD"), Style: yaml.DoubleQuotedStyle}
}

// formatFloat writes a number as YAML reads it back: ".nan" and ".inf"
// where Go would write NaN and +Inf.
func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return ".nan"
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}

// isZero reports whether a field is left out: when it is its type's zero,
// a date when it has none, a list when it is empty. The decoder reads a
// field left out as that zero, so a required one is written out too
// only when it holds something (and read back as missing otherwise).
func isZero(v reflect.Value) bool {
	switch {
	case v.Type() == dateType:
		return v.Interface().(Date).IsZero()
	case v.Kind() == reflect.Slice:
		return v.Len() == 0
	}
	return v.IsZero()
}

// CommentLine makes s one line of a YAML comment: its white space runs
// one space, and any character YAML refuses in a file (a control
// character) a space.
func CommentLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
