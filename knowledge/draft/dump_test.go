package draft

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	for _, q := range Extract(string(data), nil) {
		fmt.Printf("%-8s [%s] (%s | %s) cue=%s med=%q via=%q\n   %q\n", q.Kind, q.Speaker, q.SpeakerRole, filepath.Base(f), q.Cue, q.Medium, q.Via, q.Text)
		for _, r := range q.Review {
			fmt.Println("   #", r)
		}
	}
}
