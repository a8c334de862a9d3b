package slack

import (
	"context"
	"errors"
	"fmt"
	"sync"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode with the app-level and
// bot tokens and answers until ctx is cancelled, reconnecting when the
// connection drops. It returns an error only when Slack refuses the
// tokens. opts tune the client (socketmode.OptionPingInterval in tests).
func (b *Bot) RunSocketMode(ctx context.Context, opts ...socketmode.Option) error {
	client := socketmode.New(b.api, opts...)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	runErr := make(chan error, 1)
	go func() { runErr <- client.RunContext(ctx) }()

	// Work that outlives its ack (posts to response_url, chat.postMessage)
	// runs beside the event loop and is waited for on the way out. It is
	// not cancelled with ctx: a request already acknowledged still gets its
	// answer, within handleTimeout.
	var work sync.WaitGroup
	defer work.Wait()
	workCtx := context.WithoutCancel(ctx)
	for {
		select {
		case <-ctx.Done():
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case evt := <-client.Events:
			b.socketEvent(ctx, workCtx, client, evt, &work)
		}
	}
}

// socketEvent handles one Socket Mode event on the event loop: it acks
// the envelope (with the answer, for a slash command) and leaves posting to
// work goroutines, whose context is workCtx. A panic is logged and counted
// rather than taking the process down, and an envelope not yet acked is
// acked, with an apology for a slash command.
func (b *Bot) socketEvent(ctx, workCtx context.Context, client *socketmode.Client, evt socketmode.Event, work *sync.WaitGroup) {
	acked := false
	ack := func(payload any) error {
		acked = true
		return b.ack(ctx, client, evt.Request, payload)
	}
	defer func() {
		if v := recover(); v != nil {
			b.panicked(string(evt.Type), v)
			if acked {
				return
			}
			var payload any
			if evt.Type == socketmode.EventTypeSlashCommand {
				payload = apology()
			}
			if err := ack(payload); err != nil {
				b.log.Error("slack ack failed", "type", string(evt.Type), "err", err)
			}
		}
	}()
	// later runs f beside the loop, bounded by handleTimeout.
	later := func(f func(ctx context.Context)) {
		work.Go(func() {
			ctx, cancel := context.WithTimeout(workCtx, handleTimeout)
			defer cancel()
			f(ctx)
		})
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Debug("slack socket mode connecting")
	case socketmode.EventTypeConnected:
		b.log.Info("slack socket mode connected")
	case socketmode.EventTypeConnectionError:
		b.log.Warn("slack socket mode connection failed", "err", connectionError(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("slack socket mode refused the tokens")
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok {
			b.logAck(ack(nil), evt.Type)
			return
		}
		// The answer is the ack's payload: no second round trip.
		msg := b.command(ctx, cmd)
		if err := ack(msg); err != nil {
			// Answers are rendered to fit an ack; should one not, ack
			// empty and post the answer to response_url instead.
			b.log.Warn("slack ack with answer failed", "command", cmd.Command, "err", err)
			b.logAck(ack(nil), evt.Type)
			later(func(ctx context.Context) {
				if err := b.respond(ctx, cmd.ResponseURL, msg); err != nil {
					b.log.Warn("slack answer not posted", "command", cmd.Command, "err", err)
				}
			})
		}
	case socketmode.EventTypeInteractive:
		b.logAck(ack(nil), evt.Type)
		cb, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok {
			return
		}
		later(func(ctx context.Context) {
			if err := b.interact(ctx, cb); err != nil {
				b.log.Warn("slack interaction failed", "type", string(cb.Type), "err", err)
			}
		})
	case socketmode.EventTypeEventsAPI:
		b.logAck(ack(nil), evt.Type)
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return
		}
		later(func(ctx context.Context) {
			if err := b.event(ctx, ev); err != nil {
				b.log.Warn("slack event failed", "type", ev.InnerEvent.Type, "err", err)
			}
		})
	case socketmode.EventTypeErrorBadMessage, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("slack socket mode error", "type", string(evt.Type))
	}
}

// ack acknowledges a Socket Mode envelope, if the event came in one. It
// gives up when ctx ends rather than wait for a connection that is gone.
func (b *Bot) ack(ctx context.Context, client *socketmode.Client, req *socketmode.Request, payload any) error {
	if req == nil || req.EnvelopeID == "" {
		return nil
	}
	return client.AckCtx(ctx, req.EnvelopeID, payload)
}

func (b *Bot) logAck(err error, typ socketmode.EventType) {
	if err != nil {
		b.log.Error("slack ack failed", "type", string(typ), "err", err)
	}
}

func connectionError(data any) error {
	if e, ok := data.(*slackapi.ConnectionErrorEvent); ok && e.ErrorObj != nil {
		return e.ErrorObj
	}
	return errors.New("unknown")
}
