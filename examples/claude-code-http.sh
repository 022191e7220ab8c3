#!/bin/sh
# Registers a shared anchor-batch-mcp --http deployment with Claude Code for your user. --header takes
# several values, so it goes after the name and the URL (before them it would take them as headers).
# Replace the URL with your deployment's and the token with your team's. To use your own Anchor key
# instead of the server's, add: --header "anchor-api-key: your-anchor-api-key"
claude mcp add --transport http --scope user anchor-batch https://mcp.example.com/mcp --header "Authorization: Bearer your-team-token"
