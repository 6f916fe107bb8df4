# Builds the AWS Lambda deployment package of cloudresume: one bootstrap for
# the provided.al2023 runtime on arm64, serving the HTTP API and the S3
# uploads alike.
#
#   make lambda                  dist/lambda/bootstrap and dist/lambda/function.zip
#   make lambda RESUME=me.yaml   also packs me.yaml beside the bootstrap; set
#                                CLOUDRESUME_RESUME=me.yaml on the function
#   make image                   dist/image/cloudresume.tar: the container image for
#                                linux/amd64 and linux/arm64, built without a container
#                                engine; docker load -i / podman load -i it
#   make clean

LAMBDA_DIR  := dist/lambda
LAMBDA_ARCH ?= arm64
RESUME      ?=
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
IMAGE_DIR   := dist/image
IMAGE_ARCHS ?= amd64 arm64
LICENSES    ?= NOASSERTION
SOURCE_URL  ?= https://github.com/cloudresume/cloudresume

.PHONY: lambda image clean

lambda:
	mkdir -p $(LAMBDA_DIR)
	GOOS=linux GOARCH=$(LAMBDA_ARCH) CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags="-s -w" \
		-o $(LAMBDA_DIR)/bootstrap ./cmd/lambda
	go run ./cmd/lambda/mkzip -o $(LAMBDA_DIR)/function.zip $(LAMBDA_DIR)/bootstrap $(RESUME)
	@ls -l $(LAMBDA_DIR)/bootstrap $(LAMBDA_DIR)/function.zip

# One static binary per architecture, then the image of them all.
image:
	@for arch in $(IMAGE_ARCHS); do \
		echo "building linux/$$arch"; \
		GOOS=linux GOARCH=$$arch CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" \
			-o $(IMAGE_DIR)/linux-$$arch/cloudresume ./cmd/cloudresume || exit 1; \
	done
	go run ./cmd/mkimage -o $(IMAGE_DIR)/cloudresume.tar -version $(VERSION) -licenses '$(LICENSES)' -source $(SOURCE_URL) \
		-zoneinfo "$$(go env GOROOT)/lib/time/zoneinfo.zip" \
		$(foreach arch,$(IMAGE_ARCHS),-bin $(arch)=$(IMAGE_DIR)/linux-$(arch)/cloudresume)

clean:
	rm -rf $(LAMBDA_DIR) $(IMAGE_DIR)
