#!/bin/sh
# Registers the server with Claude Code for your user: the name before --env (which takes several values
# and would take the name too), the command after --.
# Replace the path with the absolute path of your build, and the key with yours.
claude mcp add --transport stdio --scope user anchor-batch --env ANCHOR_API_KEY=your-anchor-api-key -- /absolute/path/to/anchor-batch-mcp/bin/anchor-batch-mcp
