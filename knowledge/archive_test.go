package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestArchivesBounded is finding 8 of issue 20: kb validate --sources
// reads an archive only when it is a regular file, and only up to
// MaxArchiveSize; a link to /dev/zero grew to 23.5 GB before.
func TestArchivesBounded(t *testing.T) {
	valid := []byte(readValid(t))
	for _, tt := range []struct {
		name, want string
		make       func(path string) error
	}{
		{"link to /dev/zero", "not a regular file", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"a folder", "not a regular file", func(p string) error { return os.Mkdir(p, 0o755) }},
		{"too large", "over the limit of 16 MiB", func(p string) error {
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(MaxArchiveSize + 1) // sparse: no disk taken
		}},
	} {
		dir := t.TempDir()
		if err := tt.make(filepath.Join(dir, "article.txt")); err != nil {
			t.Fatal(err)
		}
		ps := CheckArchives("f.yaml", valid, dir)
		if len(ps) != 1 || !strings.Contains(ps[0].Error(), `.archive: archive "article.txt" not readable in `+dir+": "+tt.want) {
			t.Errorf("%s: %v; want one problem: %s", tt.name, ps, tt.want)
		}
	}
}
