package shared

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// needs are the folders of the shared folder the tests read.
var needs = []string{"sources", "corpora/news-quotes"}

// TestMain says, in one line, which tests skip for want of the shared
// folder and how to get it, when it is missing. go test ./... shows a
// passing package's output only with -v, so the line goes to the terminal
// that ran it, when there is one: a clone without the folder then does
// not print a bare "ok" over the tests it skipped.
func TestMain(m *testing.M) {
	if line := missingLine(); line != "" {
		out := io.Writer(os.Stderr)
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			defer tty.Close()
			out = tty
		}
		fmt.Fprintln(out, line)
	}
	code := m.Run()
	os.Exit(code)
}

// missingLine is the line TestMain prints, or "" when every folder the
// tests need is there (or the module cannot be read).
func missingLine() string {
	var missing []string
	for _, sub := range needs {
		if _, ok := Find(sub); !ok {
			missing = append(missing, sub)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	root, err := moduleRoot()
	if err != nil {
		return ""
	}
	byPkg, err := testsNeedingShared(root)
	if err != nil || len(byPkg) == 0 {
		return ""
	}
	var pkgs []string
	n := 0
	for pkg, tests := range byPkg {
		pkgs = append(pkgs, fmt.Sprintf("%s (%d)", pkg, len(tests)))
		n += len(tests)
	}
	slices.Sort(pkgs)
	return fmt.Sprintf("incidentbot: %d tests skip without shared/%s: %s; put the workplace's shared folder beside the repository or set SHARED_DIR (go test -v ./... | grep SKIP lists them)",
		n, strings.Join(missing, " and shared/"), strings.Join(pkgs, ", "))
}

// TestFindsTheTestsThatNeedTheFolder: the scan that names the tests finds
// one that reads the folder through a helper of its own package.
func TestFindsTheTestsThatNeedTheFolder(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	byPkg, err := testsNeedingShared(root)
	if err != nil {
		t.Fatal(err)
	}
	// TestLeadsOfNewsArticles reads the corpus through articleBase.
	if !slices.Contains(byPkg["bot"], "TestLeadsOfNewsArticles") || !slices.Contains(byPkg["internal/corpus"], "TestHeldOutSets") {
		t.Errorf("tests needing the shared folder = %v; want bot's TestLeadsOfNewsArticles and internal/corpus's TestHeldOutSets among them", byPkg)
	}
}

// moduleRoot is the folder of go.mod above this package.
func moduleRoot() (string, error) {
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fs.ErrNotExist
		}
		dir = parent
	}
}

// testsNeedingShared reads every Go file under root and returns, by
// package folder, the tests, benchmarks and fuzz tests that call Dir or a
// function of internal/corpus (which reads the corpus through Dir),
// directly or through a function of their own package. (Find's callers
// carry on without the folder.)
func testsNeedingShared(root string) (map[string][]string, error) {
	type pkgFuncs struct {
		calls map[string][]string // function → the functions of its package it calls
		needs map[string]bool
	}
	pkgs := map[string]*pkgFuncs{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		// The names this file gives the two packages, if it imports them.
		names := map[string]string{}
		for _, imp := range f.Imports {
			for _, pkg := range []string{"internal/shared", "internal/corpus"} {
				if strings.HasSuffix(strings.Trim(imp.Path.Value, `"`), "/"+pkg) {
					name := filepath.Base(pkg)
					if imp.Name != nil {
						name = imp.Name.Name
					}
					names[name] = pkg
				}
			}
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		p := pkgs[rel]
		if p == nil {
			p = &pkgFuncs{calls: map[string][]string{}, needs: map[string]bool{}}
			pkgs[rel] = p
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Recv != nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch c := n.(type) {
				case *ast.SelectorExpr:
					if x, ok := c.X.(*ast.Ident); ok {
						if pkg := names[x.Name]; pkg == "internal/corpus" || pkg == "internal/shared" && c.Sel.Name == "Dir" {
							p.needs[fn.Name.Name] = true
						}
					}
				case *ast.Ident:
					p.calls[fn.Name.Name] = append(p.calls[fn.Name.Name], c.Name)
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for rel, p := range pkgs {
		// What needs the folder spreads to whatever names it, until
		// nothing more does.
		for changed := true; changed; {
			changed = false
			for fn, names := range p.calls {
				if !p.needs[fn] && slices.ContainsFunc(names, func(n string) bool { return p.needs[n] }) {
					p.needs[fn], changed = true, true
				}
			}
		}
		for fn := range p.needs {
			if strings.HasPrefix(fn, "Test") || strings.HasPrefix(fn, "Benchmark") || strings.HasPrefix(fn, "Fuzz") {
				if fn != "TestMain" {
					out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], fn)
				}
			}
		}
	}
	for _, tests := range out {
		slices.Sort(tests)
	}
	return out, nil
}
