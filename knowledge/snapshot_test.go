package knowledge

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

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

// TestSnapshotOfAnEditedFileReplaced loads a file, then an edited
// version of it: the first version's snapshot, which nothing would read
// again, is removed, unless another file of the same bytes was loaded
// through it.
func TestSnapshotOfAnEditedFileReplaced(t *testing.T) {
	edited := bytes.Replace(defaultFile, []byte("\nsources:"), []byte("\n# edited\nsources:"), 1)
	var logs bytes.Buffer
	s, err := NewSnapshots(slog.New(slog.NewTextHandler(&logs, nil)), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	snapshots := func() []string {
		t.Helper()
		names, err := filepath.Glob(filepath.Join(s.dir, "*"+snapshotExt))
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			names[i] = filepath.Base(n)
		}
		return names
	}
	load := func(name string, data []byte) {
		t.Helper()
		if _, err := s.Load(name, data); err != nil {
			t.Fatal(err)
		}
	}
	first, second := snapshotName(sha256.Sum256(defaultFile)), snapshotName(sha256.Sum256(edited))

	load("a.yaml", defaultFile)
	load("b.yaml", defaultFile)
	load("a.yaml", edited)
	if got, want := snapshots(), []string{first, second}; !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("with b.yaml still on the first version, snapshots = %v; want both %v", got, want)
	}
	load("b.yaml", edited)
	if got := snapshots(); !slices.Equal(got, []string{second}) {
		t.Errorf("with both files edited, snapshots = %v; want only the edited file's %s", got, second)
	}
	if got := logs.String(); !strings.Contains(got, "old knowledge base snapshot removed") {
		t.Errorf("log = %q; want the old snapshot's removal", got)
	}
}

// TestSnapshotsSwept starts on a directory with old and recent snapshots
// and temporary files: those unused for longer than their age are
// removed, a snapshot read again is kept, and files not of the
// snapshots are left alone.
func TestSnapshotsSwept(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	read := snapshotName(sha256.Sum256(defaultFile))
	files := map[string]time.Duration{
		strings.Repeat("a", 64) + snapshotExt: maxSnapshotAge + time.Hour, // unused: removed
		strings.Repeat("b", 64) + snapshotExt: maxSnapshotAge - time.Hour, // recent: kept
		tempPrefix + "1":                      staleTempAge + time.Minute, // a stopped write: removed
		tempPrefix + "2":                      time.Minute,                // maybe being written: kept
		"notes" + snapshotExt:                 10 * maxSnapshotAge,        // not a snapshot's name: kept
		"README":                              10 * maxSnapshotAge,        // not ours: kept
	}
	for name, age := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, time.Time{}, now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	// The default file's snapshot, old but read at this start. Its age is
	// an hour short of maxSnapshotAge, from a now taken before the build
	// above, so that a slow build cannot age it past the sweep.
	s, err := NewSnapshots(slog.New(slog.DiscardHandler), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(DefaultName, defaultFile); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(s.dir, read))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, read), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, read), time.Time{}, now.Add(-maxSnapshotAge+time.Hour)); err != nil {
		t.Fatal(err)
	}

	var logs bytes.Buffer
	s, err = NewSnapshots(slog.New(slog.NewTextHandler(&logs, nil)), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(DefaultName, defaultFile); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "knowledge base read from its snapshot") {
		t.Fatalf("log = %q; want the base read from its snapshot", logs.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{tempPrefix + "2", read, strings.Repeat("b", 64) + snapshotExt, "README", "notes" + snapshotExt}
	if !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("after the start, the directory holds %v; want %v", got, want)
	}
	if !strings.Contains(logs.String(), "removed=2") {
		t.Errorf("log = %q; want the two removals counted", logs.String())
	}
	// Read at this start, the snapshot counts as used now: a start a week
	// later keeps it.
	info, err := os.Stat(filepath.Join(dir, read))
	if err != nil {
		t.Fatal(err)
	}
	if now.Sub(info.ModTime()) > time.Hour {
		t.Errorf("the snapshot read was last marked used %v ago; want now", now.Sub(info.ModTime()))
	}
}
