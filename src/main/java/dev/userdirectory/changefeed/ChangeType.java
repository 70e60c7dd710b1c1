package dev.userdirectory.changefeed;

public enum ChangeType {

	CREATED, UPDATED, DELETED, UNDELETED, PURGED

}
