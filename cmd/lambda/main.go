// Command lambda is the AWS Lambda bootstrap of cloudresume, for the
// provided.al2023 runtime. One binary serves two kinds of events: API
// Gateway HTTP API requests (payload format 2.0), answered by the same
// handler as `cloudresume serve`, and S3 ObjectCreated notifications of
// movie CSV uploads, which it imports.
package main

import (
	"context"
	"os"
)

func main() {
	if err := run(context.Background(), os.Getenv, os.Stderr, startRuntime); err != nil {
		os.Exit(1)
	}
}
