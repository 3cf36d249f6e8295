"""Chat notifications: one message per webhook after a review (DingTalk, WeCom, Feishu/Lark,
Slack, or plain JSON), in the team's language, signed where the platform signs, cut to its
size with "and N more", and never a reason for the run to fail."""
