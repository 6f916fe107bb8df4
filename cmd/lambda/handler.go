package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// errUnknownEvent is the answer to an event that is neither an HTTP API
// request, an S3 notification nor a scheduled event.
var errUnknownEvent = errors.New("unsupported event: want an API Gateway HTTP API (2.0) request, an S3 notification or an EventBridge scheduled event")

// handler is the function: it tells the kind of each event from its JSON
// and hands it to the part that serves that kind.
type handler struct {
	log    *slog.Logger
	api    *httpAPI
	ingest *ingester
	outbox *contact.Outbox // nil: nobody is notified of messages
	// contact is the contact form's service; nil when the form is off.
	contact *contact.Service
	// packer rolls up the visit dimensions of closed months; nil when the
	// store needs no such work.
	packer visits.Packer
	stage  string // for the metrics
}

// Invoke answers one event.
func (h *handler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	switch kindOf(payload) {
	case kindHTTP:
		return h.api.serve(ctx, payload)
	case kindS3:
		return h.ingest.handle(ctx, payload)
	case kindSchedule:
		return h.scheduled(ctx)
	}
	h.log.ErrorContext(ctx, "unsupported event", "bytes", len(payload), "start", string(payload[:min(len(payload), 80)]))
	return nil, errUnknownEvent
}

type eventKind int

const (
	kindUnknown  eventKind = iota
	kindHTTP               // API Gateway HTTP API, payload format 2.0
	kindS3                 // S3 event notification
	kindSchedule           // EventBridge scheduled event
)

// kindOf tells an event's kind from the fields that mark it: "Records"
// whose eventSource is "aws:s3", "version" "2.0" with a "requestContext",
// or "source" "aws.events" with "detail-type" "Scheduled Event".
func kindOf(payload []byte) eventKind {
	var probe struct {
		Version        string          `json:"version"`
		RequestContext json.RawMessage `json:"requestContext"`
		Records        []struct {
			EventSource string `json:"eventSource"`
		} `json:"Records"`
		Source     string `json:"source"`
		DetailType string `json:"detail-type"`
	}
	if err := json.Unmarshal(payload, &probe); err != nil {
		return kindUnknown
	}
	if len(probe.Records) > 0 {
		for _, r := range probe.Records {
			if r.EventSource != "aws:s3" {
				return kindUnknown
			}
		}
		return kindS3
	}
	if probe.Version == "2.0" && len(probe.RequestContext) > 0 && !bytes.Equal(probe.RequestContext, []byte("null")) {
		return kindHTTP
	}
	if probe.Source == "aws.events" && probe.DetailType == "Scheduled Event" {
		return kindSchedule
	}
	return kindUnknown
}
