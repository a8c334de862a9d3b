package knowledge

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge/internal/wire"
)

// snapshotOf writes b's snapshot in a new directory and returns its path.
func snapshotOf(t testing.TB, b *Base) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "b"+snapshotExt)
	if err := writeSnapshot(dir, path, b); err != nil {
		t.Fatal(err)
	}
	return path
}

// sameBase reports whether got is want, but for when each was loaded,
// which it sets in got to want's.
func sameBase(got, want *Base) bool {
	got.LoadedAt = want.LoadedAt
	return reflect.DeepEqual(got, want)
}

// testBases are bases to snapshot: the default one (with a glossary, so
// Russian terms) and one with no passages, no glossary, no synonyms.
func testBases(t testing.TB) map[string][]byte {
	valid, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{DefaultName: defaultFile, "valid.yaml": valid}
}

// TestSnapshotRoundTrip holds a base read from its snapshot to the one
// built from the file, every field of it and of its index: a field added
// to either that the snapshot forgets (or writes and does not derive
// again) fails here.
func TestSnapshotRoundTrip(t *testing.T) {
	for name, data := range testBases(t) {
		built, err := Load(name, data)
		if err != nil {
			t.Fatal(err)
		}
		read, err := readSnapshot(snapshotOf(t, built), name, built.sum)
		if err != nil {
			t.Fatalf("%s: reading its snapshot: %v", name, err)
		}
		if !sameBase(read, built) {
			t.Errorf("%s: the base read from its snapshot is not the one built", name)
		}
		if !reflect.DeepEqual(read.index, built.index) {
			t.Errorf("%s: the index read from its snapshot is not the one built", name)
		}
		q := "who said the drones were launched"
		if got, want := read.SearchPassages(q, 10), built.SearchPassages(q, 10); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: SearchPassages(%q) = %v from the snapshot; want %v", name, q, got, want)
		}
	}
}

// TestSnapshotRebuilt damages a snapshot every way it can be damaged, or
// gives it to the wrong file or build: each is refused with a log line
// that says why, the base is built from the file, the same as without a
// snapshot, and the snapshot is written again.
func TestSnapshotRebuilt(t *testing.T) {
	other := bytes.Replace(defaultFile, []byte("\nsources:"), []byte("\n# another file\nsources:"), 1)
	otherBase, err := Load("other.yaml", other)
	if err != nil {
		t.Fatal(err)
	}
	otherSnap, err := os.ReadFile(snapshotOf(t, otherBase))
	if err != nil {
		t.Fatal(err)
	}
	header := len(snapshotMagic)
	tests := []struct {
		name, log string
		damage    func(s []byte) []byte
	}{
		{"a byte of the body changed", "checksum does not match", func(s []byte) []byte { s[headerSize+100]++; return s }},
		{"a byte of the strings changed", "checksum does not match", func(s []byte) []byte { s[len(s)-trailerSize-10]++; return s }},
		{"cut short", "cut short", func(s []byte) []byte { return s[:len(s)/2] }},
		{"cut to its header", "cut short", func(s []byte) []byte { return s[:headerSize] }},
		{"run on", "cut short or run on", func(s []byte) []byte { return append(s, 0) }},
		{"empty", "not a snapshot", func(s []byte) []byte { return nil }},
		{"another format", "snapshot format 2, this binary reads 1", func(s []byte) []byte { s[header]++; return s }},
		{"another build", "another build", func(s []byte) []byte { s[header+1]++; return s }},
		{"another file's", "another knowledge file", func([]byte) []byte { return otherSnap }},
		{"not a snapshot", "not a snapshot", func([]byte) []byte { return []byte(strings.Repeat("incident: {}\n", 100)) }},
	}
	fresh, err := Load(DefaultName, defaultFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			s, err := NewSnapshots(slog.New(slog.NewTextHandler(&logs, nil)), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Load(DefaultName, defaultFile); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(s.dir, snapshotName(fresh.sum))
			good, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.damage(bytes.Clone(good)), 0o644); err != nil {
				t.Fatal(err)
			}
			logs.Reset()
			b, err := s.Load(DefaultName, defaultFile)
			if err != nil {
				t.Fatal(err)
			}
			if got := logs.String(); !strings.Contains(got, "knowledge base snapshot not used; building the base again") || !strings.Contains(got, tt.log) {
				t.Errorf("log = %q; want the snapshot not used because %q", got, tt.log)
			}
			if !sameBase(b, fresh) {
				t.Error("the base built again is not the one built without a snapshot")
			}
			if again, err := os.ReadFile(path); err != nil || !bytes.Equal(again, good) {
				t.Errorf("the snapshot was not written again (%v)", err)
			}
			logs.Reset()
			if b, err = s.Load(DefaultName, defaultFile); err != nil || !sameBase(b, fresh) {
				t.Fatalf("loading from the snapshot written again: %v", err)
			}
			if got := logs.String(); !strings.Contains(got, "knowledge base read from its snapshot") {
				t.Errorf("log = %q; want the base read from the snapshot written again", got)
			}
		})
	}
}

// validSnapshot is the base built from the fixture valid.yaml and the
// snapshot written of it: the fuzz tests' seed.
func validSnapshot(f *testing.F) (*Base, []byte) {
	built, err := Load("valid.yaml", testBases(f)["valid.yaml"])
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(snapshotOf(f, built))
	if err != nil {
		f.Fatal(err)
	}
	return built, good
}

// FuzzSnapshot reads snapshots: a snapshot is outside input, a file on
// disk that anything may have written or cut short. Whatever it holds,
// reading it must not panic, and must either fail or give the very base
// built from the file.
func FuzzSnapshot(f *testing.F) {
	built, good := validSnapshot(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:headerSize+trailerSize])
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeSnapshot(data, "valid.yaml", built.sum)
		if err == nil && !sameBase(b, built) {
			t.Error("a snapshot read without error is not the base built from its file")
		}
	})
}

// FuzzSnapshotBody reads the body of a snapshot past its checksum, which
// a mutation of the whole file almost never gets past: whatever the body
// and the strings hold, decoding must not panic, and a body that decodes
// must write back to one that decodes to the same base.
func FuzzSnapshotBody(f *testing.F) {
	built, good := validSnapshot(f)
	body := binary.LittleEndian.Uint64(good[len(good)-trailerSize:])
	f.Add(good[headerSize:headerSize+int(body)], good[headerSize+int(body):len(good)-trailerSize])
	f.Fuzz(func(t *testing.T, body, table []byte) {
		strs, err := wire.ReadTable(table)
		if err != nil {
			return
		}
		b, err := decodeBase(wire.NewReader(body, strs), "valid.yaml", built.sum)
		if err != nil {
			return
		}
		again, err := readSnapshot(snapshotOf(t, b), "valid.yaml", built.sum)
		if err != nil {
			t.Fatalf("the snapshot of a base read from a snapshot does not read back: %v", err)
		}
		if !sameBase(again, b) {
			t.Error("the snapshot of a base read from a snapshot reads back to another base")
		}
	})
}
