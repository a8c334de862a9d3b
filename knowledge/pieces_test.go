package knowledge

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestParseInPiecesMatchesParse(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"default base", defaultFile},
		{"valid.yaml", []byte(readValid(t))},
	} {
		want, ps := Parse(tt.name, tt.data)
		if len(ps) > 0 {
			t.Fatal(ps)
		}
		for _, perPiece := range []int{1, 3, pieceItems} {
			got, ps, plain := inPieces(tt.name, tt.data, perPiece)
			if !plain || len(ps) > 0 {
				t.Fatalf("%s in pieces of %d: refused a valid file: %v", tt.name, perPiece, ps)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s in pieces of %d: decoded differently from Parse", tt.name, perPiece)
			}
		}
		if _, _, plain := inPieces(tt.name, padded(tt.data), pieceItems); !plain {
			t.Errorf("%s: Load would not parse it in pieces", tt.name)
		}
	}
}

// inPieces parses data in pieces of perPiece items, as parse does a large
// file; plain is false when the file is not in the plain layout.
func inPieces(name string, data []byte, perPiece int) (f *File, ps Problems, plain bool) {
	d := &decoder{file: name}
	f = &File{}
	if plain = d.parsePieces(data, perPiece, reflect.ValueOf(f).Elem()); plain && !d.full() {
		v := validator{decoder: d, f: f}
		v.validate()
	}
	return f, d.problems.sorted(), plain
}

// padded adds a comment to reach the size from which Load parses in
// pieces; a comment changes nothing in the file.
func padded(data []byte) []byte {
	if len(data) >= piecesMinSize {
		return data
	}
	return append(bytes.Clone(data), "\n# "+strings.Repeat("x", piecesMinSize)+"\n"...)
}

// TestLoadReportsProblemsOfLargeFiles: a large file with problems is
// reported as a small one is, with lines and columns.
func TestLoadReportsProblemsOfLargeFiles(t *testing.T) {
	data := padded([]byte(strings.Replace(string(defaultFile), "speaker: peskov", "speaker: nobody", 1)))
	_, err := Load("big.yaml", data)
	ps, ok := err.(Problems)
	if !ok || len(ps) != 1 || ps[0].Line == 0 || !strings.Contains(ps[0].Error(), `.speaker: unknown person "nobody"`) {
		t.Fatalf("Load of a large file with an unknown speaker: %v", err)
	}
	dup := padded([]byte(strings.Replace(string(defaultFile), "id: russian-announcement", "id: drone-attack", 1)))
	if _, err := Load("big.yaml", dup); err == nil || !strings.Contains(err.Error(), "duplicate id") {
		t.Fatalf("Load of a large file with a duplicate id: %v", err)
	}
}

// FuzzParseInPieces: whenever the pieces path takes a file, it finds what
// the ordinary path finds: the same file, decoded the same way, or the
// same problems at the same places. A piece that does not parse sends the
// file down the ordinary path, so a syntax error is always the ordinary
// path's.
func FuzzParseInPieces(f *testing.F) {
	f.Add(defaultFile)
	f.Add([]byte(readValid(f)))
	f.Add([]byte("incident:\n  id: x\n  title: t\n  as_of: \"2023\"\nsources:\n- id: s\n  title: t\n  language: en\n"))
	f.Add([]byte(strings.Replace(readValid(f), "speaker:", "speaker: x", 1)))
	f.Add([]byte(strings.Replace(readValid(f), "\n  - id: ", "\n  - id: [", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Both paths come after the bound on the whole file's shape
		// (parse), which refuses a file before either: compare them on
		// what it lets through.
		if _, ok := (&decoder{file: "fuzz.yaml"}).bound(data); !ok {
			return
		}
		got, ps, plain := inPieces("fuzz.yaml", data, 2)
		if !plain {
			return
		}
		want, wantPs := Parse("fuzz.yaml", data)
		if syntaxError(ps) || syntaxError(wantPs) {
			if !syntaxError(ps) || !syntaxError(wantPs) {
				t.Fatalf("in pieces:\n%v\nwhole:\n%v", ps, wantPs)
			}
			return
		}
		if ps.Error() != wantPs.Error() {
			t.Fatalf("in pieces:\n%v\nwhole:\n%v", ps, wantPs)
		}
		if len(ps) == 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("parseInPieces decodes differently:\n%+v\nwant\n%+v", got, want)
		}
	})
}

func syntaxError(ps Problems) bool {
	return len(ps) == 1 && strings.HasPrefix(ps[0].Msg, "YAML syntax")
}

// A character YAML refuses on a line no piece holds (a comment between
// sections, a section's key line) sends the file the ordinary way, which
// refuses it with its line.
func TestPiecesRefuseWhatYAMLRefuses(t *testing.T) {
	valid := readValid(t)
	for _, tt := range []struct{ name, data string }{
		{"comment", "# made by \x15 hand\n" + valid},
		{"key line", strings.Replace(valid, "\nquotes:", "\nquotes: # \x15", 1)},
	} {
		if _, _, plain := inPieces("x.yaml", []byte(tt.data), 2); plain {
			t.Errorf("%s: the pieces path took a file with a control character", tt.name)
		}
		if _, ps := Parse("x.yaml", []byte(tt.data)); len(ps) == 0 || !strings.Contains(ps.Error(), "control characters") {
			t.Errorf("%s: Parse = %v; want the control character refused", tt.name, ps)
		}
	}
}
