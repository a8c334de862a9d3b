package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	old, err := Load("v1.yaml", []byte(readValid(t)))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(readValid(t), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1)
	src = strings.Replace(src, "  - id: zelensky\n", "  - id: zelenskyy\n", 1)
	src = strings.Replace(src, "actors: [zelensky]", "actors: [zelenskyy]", 1)
	updated, err := Load("v2.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := Diff(old, updated)
	want := Changes{
		Added:   map[string][]string{"people": {"zelenskyy"}},
		Removed: map[string][]string{"people": {"zelensky"}},
		Edited:  map[string][]string{"events": {"attack"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff = %+v\nwant %+v", got, want)
	}
	if !Diff(old, old).Empty() {
		t.Error("Diff(old, old) is not empty")
	}
}
