package dev.userdirectory.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A user as stored; {@code version} backs both optimistic locking and the etag. */
@Entity
@Table(name = "users")
public class UserEntity {

	/**
	 * One digest per thread, reused: looking SHA-256 up in the security providers for
	 * every etag was a twelfth of ListUsers' CPU per user in a profile. digest() resets
	 * it.
	 */
	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	});

	private static final HexFormat HEX = HexFormat.of();

	public enum Status {

		ACTIVE, INACTIVE, SUSPENDED

	}

	@Id
	private UUID id;

	private String email;

	private String name;

	private int age;

	@Enumerated(EnumType.STRING)
	private Status status;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "user_tags", joinColumns = @JoinColumn(name = "user_id"))
	@OrderColumn(name = "tag_order")
	@Column(name = "tag")
	private List<String> tags = new ArrayList<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "user_annotations", joinColumns = @JoinColumn(name = "user_id"))
	@MapKeyColumn(name = "annotation_key")
	private Map<String, StoredAnnotation> annotations = new TreeMap<>();

	/** Null when the user has none, so that the unique index only compares real ids. */
	private String externalId;

	/** Set, with {@link #purgeTime}, while the user is soft-deleted. */
	private Instant deleteTime;

	private Instant purgeTime;

	private String bio;

	private String avatarUrl;

	private String createRequestId;

	private Instant createdAt;

	private Instant updatedAt;

	private String createdBy;

	private String updatedBy;

	/**
	 * Null until first persisted, which is how Spring Data tells a new user from a stored
	 * one.
	 */
	@Version
	private Long version;

	protected UserEntity() {
	}

	UserEntity(UUID id, NewUser user, String createRequestId, String actor, Instant now) {
		this.id = id;
		this.email = user.email();
		this.name = user.name();
		this.age = user.age();
		this.status = Status.ACTIVE;
		this.tags = new ArrayList<>(user.tags());
		this.externalId = emptyToNull(user.externalId());
		this.bio = user.bio();
		this.avatarUrl = user.avatarUrl();
		this.createRequestId = createRequestId;
		this.createdAt = now;
		this.updatedAt = now;
		this.createdBy = actor;
		this.updatedBy = actor;
		setAnnotations(user.annotations());
	}

	/** A new user as {@link UserBatchWriter} stores it: directly with version 0. */
	static UserEntity forBatchInsert(UUID id, NewUser user, String createRequestId, String actor, Instant now) {
		UserEntity entity = new UserEntity(id, user, createRequestId, actor, now);
		entity.version = 0L;
		return entity;
	}

	/**
	 * A user read by {@link UserRows} from plain SQL: detached, its tags added as their
	 * rows come.
	 */
	static UserEntity restored(UUID id, String email, String name, int age, Status status, String bio, String avatarUrl,
			Instant createdAt, Instant updatedAt, String createdBy, String updatedBy, long version, String externalId,
			Instant deleteTime, Instant purgeTime) {
		UserEntity entity = new UserEntity();
		entity.externalId = externalId;
		entity.deleteTime = deleteTime;
		entity.purgeTime = purgeTime;
		entity.id = id;
		entity.email = email;
		entity.name = name;
		entity.age = age;
		entity.status = status;
		entity.bio = bio;
		entity.avatarUrl = avatarUrl;
		entity.createdAt = createdAt;
		entity.updatedAt = updatedAt;
		entity.createdBy = createdBy;
		entity.updatedBy = updatedBy;
		entity.version = version;
		return entity;
	}

	/**
	 * Opaque to clients, derived from the id and the optimistic-lock version, so it
	 * changes on every committed write and never repeats for another user.
	 */
	public String etag() {
		byte[] digest = SHA_256.get().digest((this.id + ":" + this.version).getBytes(StandardCharsets.UTF_8));
		return HEX.formatHex(digest, 0, 12);
	}

	public UUID getId() {
		return this.id;
	}

	String getCreateRequestId() {
		return this.createRequestId;
	}

	public String getEmail() {
		return this.email;
	}

	void setEmail(String email) {
		this.email = email;
	}

	public String getName() {
		return this.name;
	}

	void setName(String name) {
		this.name = name;
	}

	public int getAge() {
		return this.age;
	}

	void setAge(int age) {
		this.age = age;
	}

	public Status getStatus() {
		return this.status;
	}

	void setStatus(Status status) {
		this.status = status;
	}

	public List<String> getTags() {
		return List.copyOf(this.tags);
	}

	void setTags(List<String> tags) {
		this.tags.clear();
		this.tags.addAll(tags);
	}

	public Map<String, String> getAnnotations() {
		if (this.annotations.isEmpty()) {
			return Map.of();
		}
		return this.annotations.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (entry) -> entry.getValue().value()));
	}

	void setAnnotations(Map<String, String> annotations) {
		this.annotations.clear();
		annotations.forEach((key, value) -> this.annotations.put(key, new StoredAnnotation(value, this.createdAt)));
	}

	/** The external id, or "" when the user has none. */
	public String getExternalId() {
		return (this.externalId != null) ? this.externalId : "";
	}

	void setExternalId(String externalId) {
		this.externalId = emptyToNull(externalId);
	}

	public boolean isDeleted() {
		return this.deleteTime != null;
	}

	/** When the user was soft-deleted, or null while it is not. */
	public Instant getDeleteTime() {
		return this.deleteTime;
	}

	/** When a soft-deleted user is purged, or null while it is not deleted. */
	public Instant getPurgeTime() {
		return this.purgeTime;
	}

	void markDeleted(Instant now, Instant purgeAt) {
		this.deleteTime = now;
		this.purgeTime = purgeAt;
	}

	void markUndeleted() {
		this.deleteTime = null;
		this.purgeTime = null;
	}

	public String getBio() {
		return this.bio;
	}

	void setBio(String bio) {
		this.bio = bio;
	}

	public String getAvatarUrl() {
		return this.avatarUrl;
	}

	void setAvatarUrl(String avatarUrl) {
		this.avatarUrl = avatarUrl;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public String getUpdatedBy() {
		return this.updatedBy;
	}

	void touch(String actor, Instant now) {
		this.updatedBy = actor;
		this.updatedAt = now;
	}

	public Long getVersion() {
		return this.version;
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
