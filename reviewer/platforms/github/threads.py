"""Resolving the review threads of findings that are fixed, through GitHub's GraphQL API (the
REST API cannot resolve a thread): `reviewThreads` of the pull request, a reply on each fixed
one (REST), then `resolveReviewThread`.
https://docs.github.com/en/graphql/reference/objects#pullrequestreviewthread
https://docs.github.com/en/graphql/reference/mutations#resolvereviewthread
"""

from __future__ import annotations

from typing import Any

from reviewer.platforms.followup import FollowUp, is_fixed_thread
from reviewer.platforms.github.api import GitHubAPI, GitHubError
from reviewer.platforms.github.context import GitHubContext
from reviewer.platforms.plan import resolved_reply

THREADS = """
query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          comments(first: 100) { totalCount nodes { databaseId body } }
        }
      }
    }
  }
}
"""
RESOLVE = """
mutation($thread: ID!) {
  resolveReviewThread(input: {threadId: $thread}) { thread { id isResolved } }
}
"""


def graphql(api: GitHubAPI, ctx: GitHubContext, query: str, variables: dict[str, Any]) -> Any:
    url = ctx.graphql_url or f"{ctx.api_url}/graphql"
    answer = api.request("POST", url, {"query": query, "variables": variables}).json()
    errors = answer.get("errors") if isinstance(answer, dict) else None
    if errors or not isinstance(answer, dict):
        # GraphQL says no with a 200 and `errors` (a missing permission is a FORBIDDEN there).
        first = errors[0] if errors and isinstance(errors[0], dict) else {}
        status = 403 if first.get("type") == "FORBIDDEN" else 422
        raise GitHubError(status, str(first.get("message") or "GraphQL error"))
    return answer.get("data") or {}


def _threads(api: GitHubAPI, ctx: GitHubContext) -> list[dict[str, Any]]:
    owner, _, name = ctx.repository.partition("/")
    found: list[dict[str, Any]] = []
    after = None
    while True:
        data = graphql(api, ctx, THREADS, {"owner": owner, "name": name,
                                           "number": ctx.pr_number, "after": after})  # fmt: skip
        pull = ((data.get("repository") or {}).get("pullRequest")) or {}
        page = pull.get("reviewThreads") or {}
        found += [node for node in page.get("nodes") or [] if isinstance(node, dict)]
        info = page.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return found
        after = info.get("endCursor")


def resolve_fixed(api: GitHubAPI, ctx: GitHubContext, follow: FollowUp) -> int:
    """Reply on and resolve each open thread of reviewer's whose finding is gone; the number
    resolved."""
    if not follow.gone:
        return 0
    resolved = 0
    for thread in _threads(api, ctx):
        listed = thread.get("comments") or {}
        comments = [c for c in listed.get("nodes") or [] if c]
        bodies = [str(c.get("body") or "") for c in comments]
        unseen = int(listed.get("totalCount") or 0) > len(comments)  # unread: maybe a person's
        if thread.get("isResolved") or unseen or not is_fixed_thread(bodies, follow.gone):
            continue
        first = comments[0].get("databaseId")
        path = f"/repos/{ctx.repository}/pulls/{ctx.pr_number}/comments/{first}/replies"
        # Resolved first: a reply saying so must never stand on a thread left open.
        graphql(api, ctx, RESOLVE, {"thread": thread["id"]})
        api.request("POST", path, {"body": resolved_reply(follow)})
        resolved += 1
    return resolved
