// This directory is a Node.js project (the local AWS-compatible servers the
// Go tests start); this file keeps its node_modules out of the Go module so
// that ./... does not walk them.
module github.com/cloudresume/cloudresume/testenv

go 1.26
