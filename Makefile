# Builds the AWS Lambda deployment package of cloudresume: one bootstrap for
# the provided.al2023 runtime on arm64, serving the HTTP API and the S3
# uploads alike.
#
#   make lambda                  dist/lambda/bootstrap and dist/lambda/function.zip
#   make lambda RESUME=me.yaml   also packs me.yaml beside the bootstrap; set
#                                CLOUDRESUME_RESUME=me.yaml on the function
#   make clean

LAMBDA_DIR  := dist/lambda
LAMBDA_ARCH ?= arm64
RESUME      ?=

.PHONY: lambda clean

lambda:
	mkdir -p $(LAMBDA_DIR)
	GOOS=linux GOARCH=$(LAMBDA_ARCH) CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags="-s -w" \
		-o $(LAMBDA_DIR)/bootstrap ./cmd/lambda
	go run ./cmd/lambda/mkzip -o $(LAMBDA_DIR)/function.zip $(LAMBDA_DIR)/bootstrap $(RESUME)
	@ls -l $(LAMBDA_DIR)/bootstrap $(LAMBDA_DIR)/function.zip

clean:
	rm -rf $(LAMBDA_DIR)
