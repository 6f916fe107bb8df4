package main

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/cloudresume/cloudresume/internal/contact"
)

// httpAPI answers API Gateway HTTP API events (payload format 2.0) with an
// http.Handler. The adapter makes the request's RemoteAddr the event's
// requestContext.http.sourceIp, which is what the handler takes as the
// client address (it does not trust X-Forwarded-For here).
type httpAPI struct {
	adapter *httpadapter.HandlerAdapterV2
	log     *slog.Logger
	// ipHeader, when set, names a header whose value replaces sourceIp:
	// behind CloudFront, sourceIp is the edge's address and the viewer's is
	// in CloudFront-Viewer-Address.
	ipHeader string
	// originSecret, when set, is the value CloudFront adds to every origin
	// request as X-Origin-Verify (a viewer's own header of that name is
	// overwritten). Requests without it did not come through CloudFront,
	// so their CloudFront-Viewer-Address may be forged: they are refused.
	originSecret string
	// outbox delivers what a request stored, once it has its answer; nil
	// when nobody is notified.
	outbox *contact.Outbox
}

// originHeader is the header CloudFront adds with the origin secret.
const originHeader = "x-origin-verify"

func newHTTPAPI(h http.Handler, log *slog.Logger, ipHeader string) *httpAPI {
	return &httpAPI{adapter: httpadapter.NewV2(h), log: log, ipHeader: ipHeader}
}

// serve answers one event with the handler's response.
func (a *httpAPI) serve(ctx context.Context, payload []byte) ([]byte, error) {
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, fmt.Errorf("decode HTTP API event: %w", err)
	}
	if !a.fromOrigin(ev.Headers) {
		a.log.WarnContext(ctx, "request not from the CDN refused", "path", ev.RawPath)
		return json.Marshal(jsonError(http.StatusForbidden, "forbidden"))
	}
	if ev.IsBase64Encoded {
		// Decoded here rather than by the adapter, so that a body that is
		// not base64 is the client's 400, not the function's error.
		body, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			a.log.WarnContext(ctx, "request body is not base64", "path", ev.RawPath)
			return json.Marshal(jsonError(http.StatusBadRequest, "request body is not valid base64"))
		}
		ev.Body, ev.IsBase64Encoded = string(body), false
	}
	a.prepare(&ev)
	resp, err := a.adapter.ProxyWithContext(ctx, ev)
	if err != nil {
		return nil, fmt.Errorf("serve %s %s: %w", ev.RequestContext.HTTP.Method, ev.RawPath, err)
	}
	// Lambda freezes the environment once the answer is returned, so the
	// delivery runs before; the answer is already decided.
	deliver(ctx, a.outbox, a.log)
	return json.Marshal(resp)
}

// fromOrigin reports whether a request carries the origin secret (always
// true when none is configured), and removes the header so that the
// handler never sees the secret.
func (a *httpAPI) fromOrigin(h map[string]string) bool {
	if a.originSecret == "" {
		return true
	}
	var got string
	for k, v := range h {
		if strings.EqualFold(k, originHeader) {
			got = v
			delete(h, k)
		}
	}
	want := sha256.Sum256([]byte(a.originSecret))
	have := sha256.Sum256([]byte(got))
	return got != "" && subtle.ConstantTimeCompare(want[:], have[:]) == 1
}

// prepare fills in what the adapter reads from places the event may leave
// empty.
func (a *httpAPI) prepare(ev *events.APIGatewayV2HTTPRequest) {
	if ev.Headers == nil {
		ev.Headers = map[string]string{}
	}
	if a.ipHeader != "" {
		if ip := headerIP(header(ev.Headers, a.ipHeader)); ip != "" {
			ev.RequestContext.HTTP.SourceIP = ip
		}
	}
	if header(ev.Headers, "user-agent") == "" && ev.RequestContext.HTTP.UserAgent != "" {
		ev.Headers["user-agent"] = ev.RequestContext.HTTP.UserAgent
	}
}

// header answers the value of the header name (lower case, as HTTP APIs
// send them), looking at other cases too.
func header(h map[string]string, name string) string {
	if v, ok := h[name]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// headerIP answers the address in a header value of the form "ip:port"
// (CloudFront-Viewer-Address, which writes IPv6 addresses without
// brackets), "[ipv6]:port" or a bare IPv4 address; "" when there is none.
// The port is taken off first, since an IPv6 address followed by a port
// can also read as a longer IPv6 address.
func headerIP(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.LastIndexByte(v, ':'); i > 0 {
		if ip := net.ParseIP(strings.Trim(v[:i], "[]")); ip != nil {
			return ip.String()
		}
	}
	if ip := net.ParseIP(v); ip != nil {
		return ip.String()
	}
	return ""
}

// jsonError answers an error response shaped like the handler's own.
func jsonError(status int, msg string) events.APIGatewayV2HTTPResponse {
	body, _ := json.Marshal(map[string]string{"error": msg})
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store"},
		Body:       string(body) + "\n",
	}
}
