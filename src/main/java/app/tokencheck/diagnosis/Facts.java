package app.tokencheck.diagnosis;

import app.tokencheck.clearfeed.TokenProbe;
import app.tokencheck.clearfeed.UserRecord;
import app.tokencheck.slackdirectory.EmailLookup;
import app.tokencheck.slackdirectory.UserLookup;
import app.tokencheck.slackdirectory.Workspace;

/**
 * Everything gathered about one person, each upstream answer already classified.
 *
 * @param slackUserId whose token is checked
 * @param workspace the app's own installation ({@code auth.test})
 * @param account the person's Slack account ({@code users.info})
 * @param token what the store holds
 * @param probe ClearFeed's answer to a ticketing read with the token
 * @param emailLookup Slack's holder of the saved ClearFeed sign-in email
 * @param clearFeedRecord ClearFeed's record of the person, read with the token
 * @param serviceRecord ClearFeed's record of the person, read with the workspace-level token
 *     ({@code CLEARFEED_API_TOKEN}); not run when none is configured
 */
public record Facts(
    String slackUserId,
    Workspace workspace,
    UserLookup account,
    TokenState token,
    TokenProbe probe,
    EmailLookup emailLookup,
    UserRecord clearFeedRecord,
    UserRecord serviceRecord) {}
