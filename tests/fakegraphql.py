"""The part of GitHub's GraphQL API that reviewer uses, for tests/fakegithub.py: a schema written
from GitHub's reference (https://docs.github.com/en/graphql/reference/objects
#pullrequestreviewthread, .../objects#pullrequestreviewcomment, .../mutations
#resolvereviewthread, .../guides/using-pagination-in-the-graphql-api), executed by graphql-core,
so that a query asking for a field GitHub has not, or with a wrong argument type, fails as it
does there. Connections need `first` or `last`, at most 100, as GitHub demands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLError, build_schema, graphql_sync

SDL = """
type Query {
  repository(owner: String!, name: String!, followRenames: Boolean): Repository
}
type Mutation {
  resolveReviewThread(input: ResolveReviewThreadInput!): ResolveReviewThreadPayload
}
input ResolveReviewThreadInput { clientMutationId: String, threadId: ID! }
type ResolveReviewThreadPayload { clientMutationId: String, thread: PullRequestReviewThread }
type Repository { id: ID!, name: String!, pullRequest(number: Int!): PullRequest }
type PullRequest {
  id: ID!
  number: Int!
  reviewThreads(
    after: String, before: String, first: Int, last: Int
  ): PullRequestReviewThreadConnection!
}
type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}
type PullRequestReviewThreadConnection {
  nodes: [PullRequestReviewThread]
  pageInfo: PageInfo!
  totalCount: Int!
}
type PullRequestReviewThread {
  id: ID!
  isResolved: Boolean!
  isOutdated: Boolean!
  path: String!
  line: Int
  comments(
    after: String, before: String, first: Int, last: Int, skip: Int
  ): PullRequestReviewCommentConnection!
}
type PullRequestReviewCommentConnection {
  nodes: [PullRequestReviewComment]
  pageInfo: PageInfo!
  totalCount: Int!
}
interface Actor { login: String! }
type User implements Actor { login: String! }
type Bot implements Actor { login: String! }
type PullRequestReviewComment {
  id: ID!
  databaseId: Int
  body: String!
  path: String!
  author: Actor
}
"""
SCHEMA = build_schema(SDL)


def page(items: list[Any], first: int | None = None, after: str | None = None,
         **_: Any) -> dict[str, Any]:  # fmt: skip
    """A connection's page, as GitHub cuts it."""
    if first is None or not 1 <= first <= 100:
        raise GraphQLError("You must provide a `first` value between 1 and 100 to paginate.")
    start = int(after) if after else 0
    chunk = items[start : start + first]
    end = start + len(chunk)
    return {"nodes": chunk, "totalCount": len(items), "pageInfo": {
        "hasNextPage": end < len(items), "endCursor": str(end) if chunk else None,
        "hasPreviousPage": start > 0, "startCursor": str(start) if chunk else None}}  # fmt: skip


def execute(query: str, variables: dict[str, Any] | None, root: dict[str, Any]) -> dict[str, Any]:
    """The answer GitHub gives: `data`, and `errors` when any (with a 200 status)."""
    done = graphql_sync(SCHEMA, query, root_value=root, variable_values=variables)
    answer: dict[str, Any] = {"data": done.data}
    if done.errors:
        answer["errors"] = [
            {"message": e.message, "type": (e.extensions or {}).get("type", "INVALID")}
            for e in done.errors
        ]
    return answer


def forbidden(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"type": "FORBIDDEN"})


Resolver = Callable[..., Any]
