package dev.userdirectory.user;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import dev.userdirectory.error.ApiException;

import org.springframework.stereotype.Component;

/**
 * Maps between the users.v1 messages and the user domain (entities, new users, patches).
 */
@Component
public class UserMapper {

	private static final Pattern UUID_PATTERN = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	public User toProto(UserEntity user) {
		User.Builder proto = User.newBuilder()
			.setId(user.getId().toString())
			.setEmail(user.getEmail())
			.setName(user.getName())
			.setAge(user.getAge())
			.setStatus(toProto(user.getStatus()))
			.addAllTags(user.getTags())
			.setProfile(Profile.newBuilder().setBio(user.getBio()).setAvatarUrl(user.getAvatarUrl()))
			.setCreatedAt(toProto(user.getCreatedAt()))
			.setUpdatedAt(toProto(user.getUpdatedAt()))
			.setEtag(user.etag())
			.setCreatedBy(user.getCreatedBy())
			.setUpdatedBy(user.getUpdatedBy())
			.putAllAnnotations(user.getAnnotations())
			.setExternalId(user.getExternalId());
		if (user.isDeleted()) {
			proto.setDeleteTime(toProto(user.getDeleteTime())).setPurgeTime(toProto(user.getPurgeTime()));
		}
		return proto.build();
	}

	public NewUser toNewUser(CreateUserRequest request) {
		return new NewUser(request.getEmail(), request.getName(), request.getAge(), request.getTagsList(),
				request.getProfile().getBio(), request.getProfile().getAvatarUrl(), request.getAnnotationsMap(),
				request.getExternalId());
	}

	/**
	 * Reads only the fields named by {@code mask} from {@code user}; the paths themselves
	 * were checked by the request's protovalidate rules.
	 */
	public UserPatch toPatch(User user, FieldMask mask) {
		UserPatch patch = UserPatch.empty();
		for (String path : mask.getPathsList()) {
			patch = switch (path) {
				case "email" -> patch.withEmail(user.getEmail());
				case "name" -> patch.withName(user.getName());
				case "age" -> patch.withAge(user.getAge());
				case "status" -> patch.withStatus(toDomain(user.getStatus()));
				case "tags" -> patch.withTags(user.getTagsList());
				case "profile" ->
					patch.withBio(user.getProfile().getBio()).withAvatarUrl(user.getProfile().getAvatarUrl());
				case "profile.bio" -> patch.withBio(user.getProfile().getBio());
				case "profile.avatar_url" -> patch.withAvatarUrl(user.getProfile().getAvatarUrl());
				case "annotations" -> patch.withAnnotations(user.getAnnotationsMap());
				case "external_id" -> patch.withExternalId(user.getExternalId());
				default -> throw ApiException.invalid("update_mask", "unknown path \"" + path + "\"");
			};
		}
		return patch;
	}

	/**
	 * Parses an id that no protovalidate rule could check (it sits inside a wider
	 * message).
	 */
	public UUID parseId(String field, String id) {
		if (!UUID_PATTERN.matcher(id).matches()) {
			throw ApiException.invalid(field, "value must be a valid UUID");
		}
		return UUID.fromString(id);
	}

	static UserStatus toProto(UserEntity.Status status) {
		return switch (status) {
			case ACTIVE -> UserStatus.USER_STATUS_ACTIVE;
			case INACTIVE -> UserStatus.USER_STATUS_INACTIVE;
			case SUSPENDED -> UserStatus.USER_STATUS_SUSPENDED;
		};
	}

	static UserEntity.Status toDomain(UserStatus status) {
		return switch (status) {
			case USER_STATUS_ACTIVE -> UserEntity.Status.ACTIVE;
			case USER_STATUS_INACTIVE -> UserEntity.Status.INACTIVE;
			case USER_STATUS_SUSPENDED -> UserEntity.Status.SUSPENDED;
			case USER_STATUS_UNSPECIFIED, UNRECOGNIZED ->
				throw ApiException.invalid("user.status", "value must be a defined status other than UNSPECIFIED");
		};
	}

	static Timestamp toProto(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
