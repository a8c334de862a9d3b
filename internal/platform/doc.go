// Package platform is what the chat adapters (bot/discord, bot/slack)
// share below their platform's library: the budget for request bodies
// held at once, the guard against replayed signed requests, their
// rejection and panic counters with the one list of refusal reasons, the
// recovery that turns a panic into an error, and the UTF-16 widths the
// platforms count their limits in.
//
// It knows no answer and no platform's library: it imports nothing of
// bot, so that the adapters' plumbing is not the engine's.
package platform
