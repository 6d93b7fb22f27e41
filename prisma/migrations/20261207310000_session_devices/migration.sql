-- Which browser a session was opened from (keyed hash of a long-lived device cookie), so a
-- sign-in from a new device can be announced to the person by e-mail.
ALTER TABLE "Session" ADD COLUMN "deviceHash" VARCHAR(64);
CREATE INDEX "Session_userId_deviceHash_idx" ON "Session"("userId", "deviceHash");
