package knowledge

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/invopop/jsonschema"
)

// What adding a field to the model takes, proved on a file shaped like
// the model's with fields the model does not have yet: a bool and an int
// (and the other kinds the decoder reads). The decoder, the pieces path,
// the writer and the schema read the struct's tags alone, so a field
// added to knowledge/model.go goes through all of them as these do.

type sampleFile struct {
	Head    sampleHead    `yaml:"head"`
	Entries []sampleEntry `yaml:"entries,omitempty"`
}

type sampleHead struct {
	ID string `yaml:"id"`
}

type sampleEntry struct {
	ID     string `yaml:"id"`
	Hidden bool   `yaml:"hidden,omitempty"`
	Rank   int    `yaml:"rank,omitempty"`
	// The other kinds of number, and what the model already uses.
	Count     uint8      `yaml:"count,omitempty"`
	Weight    float64    `yaml:"weight,omitempty"`
	Date      Date       `yaml:"date,omitempty"`
	Tags      []string   `yaml:"tags,omitempty"`
	Citations []Citation `yaml:"citations"`
}

const sampleYAML = `head:
  id: sample
entries:
  - id: a
    hidden: true
    rank: 3
    count: 255
    weight: 0.5
    date: "2023-05-03"
    tags: [x, y]
    citations:
      - source: s
        excerpt: "Words."
  - id: b
    rank: -0x10
    citations:
      - source: s
        excerpt: "More words."
`

var sampleWant = sampleFile{
	Head: sampleHead{ID: "sample"},
	Entries: []sampleEntry{
		{ID: "a", Hidden: true, Rank: 3, Count: 255, Weight: 0.5, Date: Date{Year: 2023, Month: 5, Day: 3}, Tags: []string{"x", "y"},
			Citations: []Citation{{Source: "s", Excerpt: "Words."}}},
		{ID: "b", Rank: -16, Citations: []Citation{{Source: "s", Excerpt: "More words."}}},
	},
}

// TestNewFieldKinds reads the sample whole and in pieces, writes it and
// reads it back.
func TestNewFieldKinds(t *testing.T) {
	var whole sampleFile
	if ps := decodeOnly("sample.yaml", []byte(sampleYAML), &whole); len(ps) > 0 {
		t.Fatal(ps)
	}
	if !reflect.DeepEqual(whole, sampleWant) {
		t.Errorf("decoded\n%+v\nwant\n%+v", whole, sampleWant)
	}
	for _, perPiece := range []int{1, pieceItems} {
		var inPieces sampleFile
		d := &decoder{file: "sample.yaml"}
		if !d.parsePieces([]byte(sampleYAML), perPiece, reflect.ValueOf(&inPieces).Elem()) || len(d.problems) > 0 {
			t.Fatalf("in pieces of %d: refused, problems %v", perPiece, d.problems)
		}
		if !reflect.DeepEqual(inPieces, sampleWant) {
			t.Errorf("in pieces of %d: decoded\n%+v\nwant\n%+v", perPiece, inPieces, sampleWant)
		}
	}
	out := marshal(reflect.ValueOf(sampleWant), nil)
	var back sampleFile
	if ps := decodeOnly("sample.yaml", out, &back); len(ps) > 0 || !reflect.DeepEqual(back, sampleWant) {
		t.Errorf("written as\n%s\nread back as %+v, problems %v", out, back, ps)
	}
	if !strings.Contains(string(out), "    hidden: true\n    rank: 3\n    count: 255\n    weight: 0.5\n") {
		t.Errorf("written as\n%s\nwant the bool and numbers plain", out)
	}
}

// TestNewFieldProblems checks the messages for a bool or a number that is
// not one, with line and column, whole and in pieces (padded past the
// size from which Load parses in pieces).
func TestNewFieldProblems(t *testing.T) {
	for _, tt := range []struct{ old, new, want string }{
		{"hidden: true", "hidden: 3", `sample.yaml:5:13: entries[0].hidden: want true or false, got "3"`},
		{"rank: 3", "rank: many", `sample.yaml:6:11: entries[0].rank: want a whole number, got "many"`},
		{"rank: 3", `rank: "3"`, `sample.yaml:6:11: entries[0].rank: want a whole number, got "3"`},
		{"rank: 3", "rank: 2.5", `sample.yaml:6:11: entries[0].rank: want a whole number, got "2.5"`},
		{"rank: 3", "rank: 99999999999999999999", `sample.yaml:6:11: entries[0].rank: want a whole number from -9223372036854775808 to 9223372036854775807, got "99999999999999999999"`},
		{"rank: 3", "rank: [3]", `sample.yaml:6:11: entries[0].rank: want a whole number, got a list`},
		{"count: 255", "count: 256", `sample.yaml:7:12: entries[0].count: want a whole number from 0 to 255, got "256"`},
		{"count: 255", "count: -1", `sample.yaml:7:12: entries[0].count: want a whole number from 0 to 255, got "-1"`},
		{"weight: 0.5", "weight: half", `sample.yaml:8:13: entries[0].weight: want a number, got "half"`},
		{"rank: 3", "rnak: 3", `sample.yaml:6:5: entries[0].rnak: unknown key "rnak"; known keys here: id, hidden, rank, count, weight, date, tags, citations`},
	} {
		data := strings.Replace(sampleYAML, tt.old, tt.new, 1)
		var f sampleFile
		ps := decodeOnly("sample.yaml", []byte(data), &f)
		if len(ps) != 1 || ps[0].Error() != tt.want {
			t.Errorf("%s: problems\n%v\nwant\n%s", tt.new, ps, tt.want)
		}
		big := padded([]byte(data))
		d := &decoder{file: "sample.yaml"}
		if !d.parsePieces(big, pieceItems, reflect.ValueOf(&sampleFile{}).Elem()) || len(d.problems) != 1 || d.problems[0].Error() != tt.want {
			t.Errorf("%s, in pieces: problems\n%v\nwant\n%s", tt.new, d.problems, tt.want)
		}
	}
}

// TestNewFieldSchema checks that the schema's reflector, as
// generateSchema sets it up, types a bool and an int field.
func TestNewFieldSchema(t *testing.T) {
	r := &jsonschema.Reflector{FieldNameTag: "yaml"}
	s := r.Reflect(&sampleFile{})
	out, err := json.Marshal(s.Definitions["sampleEntry"].Properties)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"hidden":{"type":"boolean"}`, `"rank":{"type":"integer"}`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("schema of the sample entry lacks %s: %s", want, out)
		}
	}
}

// TestStructOfManyFields decodes and writes an entry of 40 fields: no
// number of fields is too many.
func TestStructOfManyFields(t *testing.T) {
	var fields []reflect.StructField
	var yml strings.Builder
	yml.WriteString("- ")
	for i := range 40 {
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: reflect.TypeFor[int](), Tag: reflect.StructTag(fmt.Sprintf(`yaml:"f%d"`, i))})
		fmt.Fprintf(&yml, "f%d: %d\n  ", i, i+1)
	}
	entry := reflect.StructOf(fields)
	file := reflect.StructOf([]reflect.StructField{{Name: "Entries", Type: reflect.SliceOf(entry), Tag: `yaml:"entries"`}})
	v := reflect.New(file)
	data := "entries:\n  " + strings.ReplaceAll(yml.String(), "\n", "\n  ")
	if ps := decodeOnly("many.yaml", []byte(data), v.Interface()); len(ps) > 0 {
		t.Fatalf("%v\n%s", ps, data)
	}
	got := v.Elem().Field(0).Index(0)
	for i := range 40 {
		if n := got.Field(i).Int(); n != int64(i+1) {
			t.Errorf("field f%d = %d; want %d", i, n, i+1)
		}
	}
	back := reflect.New(file)
	if ps := decodeOnly("many.yaml", marshal(v.Elem(), nil), back.Interface()); len(ps) > 0 || !reflect.DeepEqual(back.Elem().Interface(), v.Elem().Interface()) {
		t.Errorf("40 fields written and read back differ: %v", ps)
	}
	// A field missing is reported by its key, past the 16th too.
	missing := strings.Replace(data, "f39: 40\n", "", 1)
	if ps := decodeOnly("many.yaml", []byte(missing), reflect.New(file).Interface()); len(ps) != 1 || !strings.HasSuffix(ps[0].Error(), "entries[0].f39: required field is missing") {
		t.Errorf("f39 left out: problems %v", ps)
	}
}

// FuzzSampleRoundTrip decodes any text as the sample: no panic, and what
// reads without problems writes back and reads again the same, every
// kind of field included.
func FuzzSampleRoundTrip(f *testing.F) {
	f.Add(sampleYAML)
	f.Add("head: {id: x}\nentries:\n  - {id: a, rank: 0o17, count: 0b11, weight: .inf, hidden: false, citations: [{source: s, excerpt: e}]}\n")
	f.Add("head: {id: x}\nentries:\n  - {id: a, rank: 1_000, weight: -.5e3, citations: []}\n")
	f.Add("head: {id: x}\nentries:\n  - {id: a, weight: .nan}\n")
	f.Fuzz(func(t *testing.T, data string) {
		var first sampleFile
		if ps := decodeOnly("fuzz.yaml", []byte(data), &first); len(ps) > 0 {
			return
		}
		out := marshal(reflect.ValueOf(first), nil)
		if len(out) == 0 {
			return // nothing in it ("!" alone), so nothing written
		}
		var second sampleFile
		ps := decodeOnly("fuzz.yaml", out, &second)
		// NaN is not equal to itself; compare what was written instead.
		if len(ps) > 0 || string(marshal(reflect.ValueOf(second), nil)) != string(out) {
			t.Fatalf("read\n%s\nwrote\n%s\nread back with problems %v as %+v", data, out, ps, second)
		}
		if !strings.Contains(data, "nan") && !reflect.DeepEqual(first, second) {
			t.Fatalf("read\n%s\nas %+v; written and read back as %+v", data, first, second)
		}
	})
}

// notSearched are the text fields of the model that questions do not find
// (ids, references, closed lists, notes, a source's details); every other
// text field of an entry is in the index (docSources in index.go, and
// passageAbout in units.go for what a passage is about). A text field
// added to the model fails TestTextFieldsDecided until it is in one or
// the other: whether a question finds it is a decision.
var notSearched = map[string]bool{
	"Incident.ID": true, "Incident.Title": true, "Incident.Summary": true,
	"Source.ID": true, "Source.Title": true, "Source.Short": true, "Source.Outlet": true, "Source.Author": true,
	"Source.URL": true, "Source.Archive": true, "Source.ArchiveURL": true, "Source.Language": true,
	"Person.ID": true,
	"Event.ID":  true, "Event.DateNote": true, "Event.Actors": true,
	"Quote.ID": true, "Quote.Speaker": true, "Quote.Kind": true, "Quote.DateNote": true,
	"Claim.ID":       true,
	"Position.Actor": true, "Position.Stance": true, "Position.Quote": true,
	"Citation.Source": true,
}

// TestTextFieldsDecided puts a word no base has in each searched text
// field of the fixture's first entries, one at a time, and finds it in
// the index.
func TestTextFieldsDecided(t *testing.T) {
	f, ps := Parse("valid.yaml", []byte(readValid(t)))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	entries := []any{&f.Incident, &f.Sources[0], &f.People[0], &f.Events[0], &f.Quotes[0], &f.Claims[0], &f.Claims[0].Positions[0], &f.Events[0].Citations[0]}
	covered := map[reflect.Type]bool{reflect.TypeFor[Term](): true, reflect.TypeFor[Synonym](): true} // read by the question's analysis, not indexed
	for _, e := range entries {
		covered[reflect.TypeOf(e).Elem()] = true
	}
	var walk func(reflect.Type)
	walk = func(t0 reflect.Type) {
		for i := range t0.NumField() {
			ft := t0.Field(i).Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != dateType {
				if !covered[ft] {
					t.Errorf("%s is not among the entries this test checks", ft.Name())
				}
				walk(ft)
			}
		}
	}
	walk(reflect.TypeFor[File]())

	const word = "zyxwvq"
	for _, e := range entries {
		v := reflect.ValueOf(e).Elem()
		for i := range v.NumField() {
			name := v.Type().Name() + "." + v.Type().Field(i).Name
			field := v.Field(i)
			isText := field.Kind() == reflect.String || field.Kind() == reflect.Slice && field.Type().Elem().Kind() == reflect.String
			if !isText || notSearched[name] {
				continue
			}
			old := reflect.ValueOf(field.Interface())
			if field.Kind() == reflect.String {
				field.SetString(word)
			} else {
				field.Set(reflect.ValueOf([]string{word}))
			}
			b, err := newBase("valid.yaml", [32]byte{}, f)
			field.Set(old)
			if err != nil {
				t.Fatal(err)
			}
			if !b.index.Has(word, searchedMask|1<<fAbout) {
				t.Errorf("%s is not in the index: add it to docSources (knowledge/index.go) and, if a passage is about it, passageAbout (knowledge/units.go), or to notSearched", name)
			}
		}
	}
}

// TestModelKinds checks that every field of the model is of a kind the
// decoder and the writer handle: text, true or false, a number, a Date,
// or a list or struct of them.
func TestModelKinds(t *testing.T) {
	var check func(at string, ft reflect.Type)
	check = func(at string, ft reflect.Type) {
		switch k := ft.Kind(); {
		case ft == dateType, k == reflect.String, k == reflect.Bool,
			k >= reflect.Int && k <= reflect.Uint64, k == reflect.Float32, k == reflect.Float64:
		case k == reflect.Slice:
			check(at+"[]", ft.Elem())
		case k == reflect.Struct:
			for i := range ft.NumField() {
				check(at+"."+ft.Field(i).Name, ft.Field(i).Type)
			}
		default:
			t.Errorf("%s is a %s, which the decoder and Marshal do not read or write", at, ft)
		}
	}
	check("File", reflect.TypeFor[File]())
}
