// Command trivial is the smallest aws-lambda-go bootstrap: it answers
// every event with one fixed API Gateway HTTP API response. Its cold
// start is the baseline of bench/coldstart, what no function built with
// aws-lambda-go can beat on the same machine.
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, json.RawMessage) (events.APIGatewayV2HTTPResponse, error) {
		return events.APIGatewayV2HTTPResponse{
			StatusCode: 200,
			Headers:    map[string]string{"Content-Type": "application/json"},
			Body:       `{"status":"ok"}`,
		}, nil
	})
}
