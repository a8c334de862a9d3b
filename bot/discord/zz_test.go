package discord

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/knowledge"
)

func TestZZPreview(t *testing.T) {
	base, err := knowledge.Load("x", corpus.RenderFile(t, "../../internal/corpus/testdata/"+os.Getenv("ZZSET")+"/base.yaml.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(quietLog(), bot.New(nil, base, bot.Config{}), Config{})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(b.Respond(context.Background(), interaction(t, slashJSON("ask", map[string]string{"question": os.Getenv("ZZQ")}))))
	os.WriteFile(os.Getenv("ZZOUT"), out, 0o644)
}
