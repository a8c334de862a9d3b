package knowledge

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// decodeOnly decodes data into v as Parse does, without validating it.
func decodeOnly(name string, data []byte, v any) Problems {
	d := &decoder{file: name}
	d.read(data, reflect.ValueOf(v).Elem())
	return d.problems.sorted()
}

// TestMarshalRoundTrip writes the default base and the test fixture and
// reads them back, whole and in pieces: the same File, field for field.
func TestMarshalRoundTrip(t *testing.T) {
	for name, data := range map[string][]byte{"default": defaultFile, "valid.yaml": []byte(readValid(t))} {
		want, ps := Parse(name, data)
		if len(ps) > 0 {
			t.Fatal(ps)
		}
		out := Marshal(want, nil)
		got, ps := Parse(name, out)
		if len(ps) > 0 {
			t.Fatalf("%s written by Marshal does not parse: %v\n%s", name, ps, out)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s written by Marshal reads back differently", name)
		}
		if got, ps, plain := inPieces(name, out, 3); !plain || len(ps) > 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s written by Marshal, in pieces: plain layout %v, problems %v, same %v; want the plain layout and the same File", name, plain, ps, reflect.DeepEqual(got, want))
		}
	}
}

// TestMarshalComments checks that comments go above the field or item
// their path names, one line each.
func TestMarshalComments(t *testing.T) {
	f := &File{
		Incident: Incident{ID: "x", Title: "T", Summary: "S"},
		People:   []Person{{ID: "a", Name: "A"}, {ID: "b", Name: "B", Group: true}},
	}
	out := string(Marshal(f, map[string][]string{
		"incident.summary": {"review: write\nwhat happened"},
		"people[1]":        {"review: one", "review: two\x00"},
	}))
	want := "incident:\n  id: \"x\"\n  title: \"T\"\n  # review: write what happened\n  summary: \"S\"\npeople:\n" +
		"  - id: \"a\"\n    name: \"A\"\n  # review: one\n  # review: two\n  - id: \"b\"\n    name: \"B\"\n    group: true\n"
	if out != want {
		t.Errorf("Marshal wrote\n%s\nwant\n%s", out, want)
	}
}

// FuzzMarshal holds the writer to the decoder: any texts written read
// back the same, and the file is in the plain layout the pieces path
// takes.
func FuzzMarshal(f *testing.F) {
	f.Add("peskov", "“We had nothing to do with this,” he said.", "a: b # c", 3)
	f.Add("", "\x00\r\n\t\"\\", "- [x]\n  - y", 0)
	f.Add("null", "true", "2023-05-03", -7)
	f.Add("\ufeff\u2028\u0085", "😀 мир", "'", 1)
	f.Fuzz(func(t *testing.T, id, text, other string, n int) {
		id, text, other = strings.ToValidUTF8(id, "?"), strings.ToValidUTF8(text, "?"), strings.ToValidUTF8(other, "?")
		want := File{
			Incident: Incident{ID: id, Title: text, Summary: other},
			People:   []Person{{ID: id, Name: text, Aliases: []string{other, text, ""}, Group: n%2 == 1}},
			Quotes: []Quote{{ID: other, Speaker: id, Kind: text, Text: text, Via: []string{id},
				Citations: []Citation{{Source: id, Excerpt: text}, {Source: other, Excerpt: other}}}},
			Claims: []Claim{{ID: id, Statement: other, Positions: []Position{{Actor: text, Citations: []Citation{{Source: other}}}}}},
		}
		out := Marshal(&want, map[string][]string{"quotes[0]": {text}, "people[0].name": {other, id}})
		if !utf8.Valid(out) {
			t.Fatalf("Marshal wrote bytes that are not UTF-8:\n%q", out)
		}
		// An empty required field is left out and reported as missing,
		// one of white space reported as empty; both read back as they
		// were.
		onlyEmpty := func(ps Problems) bool {
			for _, p := range ps {
				if p.Msg != "required field is missing" && p.Msg != "required field is empty" {
					return false
				}
			}
			return true
		}
		var got File
		if ps := decodeOnly("fuzz.yaml", out, &got); !onlyEmpty(ps) || !reflect.DeepEqual(got, want) {
			t.Fatalf("Marshal's output reads back as\n%#v\nwith problems %v; want\n%#v\n%s", got, ps, want, out)
		}
		var inPieces File
		d := &decoder{file: "fuzz.yaml"}
		plain := d.parsePieces(out, 1, reflect.ValueOf(&inPieces).Elem())
		if !plain && want.Incident == (Incident{}) {
			// An incident of empty fields is left out whole, and a file
			// without its required section goes the ordinary way, which
			// reports it: checked above.
			return
		}
		if !plain || !onlyEmpty(d.problems) || !reflect.DeepEqual(inPieces, want) {
			t.Fatalf("Marshal's output does not read back the same in pieces: %v\n%s", d.problems, out)
		}
	})
}
