package platform

import (
	"encoding/json"
	"math"
	"net/url"
	"testing"
)

// members counts the members of every array and object in v.
func members(v any) int {
	n := 0
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			n += 1 + members(x)
		}
	case map[string]any:
		for _, x := range v {
			n += 1 + members(x)
		}
	}
	return n
}

// FuzzElements: the count bounds the members of the arrays and objects in
// a body, every one of which follows an opening bracket or a comma, and
// counts a form's JSON payload as it counts the JSON.
func FuzzElements(f *testing.F) {
	for _, s := range []string{`{}`, `[1,2,[3,{"a":"b,c[{"}]]`, `{"a":"\"[,","b":[{},{}]}`, `"x"`, `[[[[]]]]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		got := elements([]byte(s), false, math.MaxInt)
		if m := members(v); got < m {
			t.Fatalf("%s: counted %d; it has %d members", s, got, m)
		}
		if form := elements([]byte("payload="+url.QueryEscape(s)), true, math.MaxInt); form != got {
			t.Fatalf("%s: counted %d as JSON, %d as a form", s, got, form)
		}
	})
}
