#!/bin/sh
# Registers the server with Claude Code for your user (options go before the name, the command after --).
# Replace the path with the absolute path of your build, and the key with yours.
claude mcp add --transport stdio --scope user --env ANCHOR_API_KEY=your-anchor-api-key anchor-batch -- /absolute/path/to/anchor-batch-mcp/bin/anchor-batch-mcp
