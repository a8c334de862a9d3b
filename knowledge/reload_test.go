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
