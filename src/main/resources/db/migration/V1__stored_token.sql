-- One ClearFeed token per Slack user. The token is AES-GCM ciphertext (base64), never plain.
CREATE TABLE stored_token (
    slack_user_id VARCHAR(32) NOT NULL PRIMARY KEY,
    token_ciphertext VARCHAR(4096) NOT NULL,
    sign_in_email VARCHAR(320),
    stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
