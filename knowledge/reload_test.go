package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReloadFileKeepsAnUnchangedFile(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kb.yaml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(string(valid))
	first, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// The same bytes, even written again, give back the loaded base itself:
	// nothing is parsed or indexed.
	write(string(valid))
	if got, err := ReloadFile(path, first); err != nil || got != first {
		t.Fatalf("ReloadFile of an unchanged file = %p, %v; want the loaded base %p", got, err, first)
	}

	// Any change is loaded, and a change back is loaded again.
	edited := strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1)
	write(edited)
	second, err := ReloadFile(path, first)
	if err != nil || second == first || second.Version == first.Version {
		t.Fatalf("ReloadFile of an edited file = %v (version %s), %v; want a new base", second, second.Version, err)
	}
	write(string(valid))
	third, err := ReloadFile(path, second)
	if err != nil || third == second || third.Version != first.Version {
		t.Fatalf("ReloadFile of the file changed back = version %s, %v; want a new base of version %s", third.Version, err, first.Version)
	}

	// A broken file is refused as by LoadFile, and nil means no base yet.
	write(strings.Replace(string(valid), "speaker: peskov", "speaker: nobody", 1))
	if _, err := ReloadFile(path, third); err == nil || !strings.Contains(err.Error(), `unknown person "nobody"`) {
		t.Errorf("ReloadFile of a broken file: %v", err)
	}
	if _, err := ReloadFile(filepath.Join(t.TempDir(), "none.yaml"), nil); err == nil || !strings.Contains(err.Error(), "opening knowledge file") {
		t.Errorf("ReloadFile of a missing file: %v", err)
	}
}

// TestReadFileNamesThePathAsGiven: a file's problems, loaded or reloaded,
// name it by the path the user gave, folder and all.
func TestReadFileNamesThePathAsGiven(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kb.yaml")
	broken := strings.Replace(string(valid), "speaker: peskov", "speaker: nobody", 1)
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	name, data, err := ReadFile(path)
	if err != nil || name != path || string(data) != broken {
		t.Fatalf("ReadFile(%q) = %q, %d bytes, %v; want the path and the file's bytes", path, name, len(data), err)
	}
	_, err = ReloadFile(path, nil)
	if err == nil || !strings.HasPrefix(err.Error(), path+":") {
		t.Errorf("ReloadFile of a broken file: %v; want its problems to begin %s:", err, path)
	}
	if _, _, err := ReadFile(filepath.Join(t.TempDir(), "none.yaml")); err == nil || !strings.HasPrefix(err.Error(), "opening knowledge file: ") {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

// TestReadFileStopsPastTheBound: an oversized file is read one byte past
// MaxFileSize, not whole, and Load refuses it.
func TestReadFileStopsPastTheBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 * MaxFileSize); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	name, data, err := ReadFile(path)
	if err != nil || len(data) != MaxFileSize+1 {
		t.Fatalf("ReadFile of a %d-byte file: %d bytes, %v; want %d", 2*MaxFileSize, len(data), err, MaxFileSize+1)
	}
	if _, err := Load(name, data); err == nil || !strings.Contains(err.Error(), path+": file is 67108865 bytes, over the limit of 64 MiB") {
		t.Errorf("Load of it: %v", err)
	}
}
